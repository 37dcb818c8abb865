import type { Plan } from '@provvigo/core';
import type { AuthoringMessages } from './authoringMessages.js';
import type { DragItem, DropTarget } from './builderLogic.js';
import { dropOutcome } from './dropOutcome.js';
import type { UiLocale } from './i18n.js';
import { issueMessage } from './issueMessages.js';

/**
 * Where the dragged item would go if dropped now, in words, shown on the dragged item itself. The canvas may scroll
 * under a drag (auto-scroll near the edges) and bring another area under the pointer: the words change with it, so the
 * target never changes unseen (screen readers hear the same change from the drag's live region).
 */
export function dropDestination(plan: Plan, item: DragItem | undefined, target: DropTarget | undefined, m: AuthoringMessages, locale: UiLocale): string {
  if (!item || !target) return m.willNowhere;
  const o = dropOutcome(plan, item, target);
  if (o.kind === 'added') return m.willAdd(o.sheet, o.name);
  if (o.kind === 'moved') return m.willMove(o.sheet, o.position);
  if (o.kind === 'condition') return m.willCondition;
  if (o.kind === 'refused') return m.willRefuse(issueMessage({ message: o.reason, messages: o.messages }, locale));
  return m.willNothing;
}
