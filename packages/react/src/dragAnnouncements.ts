/**
 * What screen readers hear during a drag in the plan builder (dnd-kit's `accessibility.announcements`). Its own
 * module so the drag hook (useBuilderDrag.ts) stays about state: the sentences here read the plan and the messages.
 */
import type { Announcements } from '@dnd-kit/core';
import type { Plan } from '@provvigo/core';
import type { AuthoringMessages } from './authoringMessages.js';
import type { DragData } from './dragData.js';
import { dropOutcome } from './dropOutcome.js';
import type { Messages, UiLocale } from './i18n.js';
import { issueMessage } from './issueMessages.js';

const labelOf = (data: unknown): string => (data as DragData | undefined)?.label ?? '';

/** The announcements for a drag over `plan`: the end one says where the item really went. */
export function dragAnnouncements(plan: Plan, t: Messages, m: AuthoringMessages, locale: UiLocale): Announcements {
  return {
    onDragStart: ({ active }) => t.announceStart(labelOf(active.data.current)),
    onDragOver: ({ active, over }) => (over ? t.announceOver(labelOf(active.data.current), labelOf(over.data.current)) : t.announceNotOver(labelOf(active.data.current))),
    // says where the item really went (the plan after the drop), not only which area was under the pointer
    onDragEnd: ({ active, over }) => {
      const label = labelOf(active.data.current);
      const item = (active.data.current as DragData | undefined)?.item;
      const target = (over?.data.current as DragData | undefined)?.target;
      if (!over || !item || !target) return t.announceCancel(label);
      const o = dropOutcome(plan, item, target);
      if (o.kind === 'added') return m.announceAdded(label, o.sheet, o.name);
      if (o.kind === 'moved') return m.announceMoved(label, o.sheet, o.position);
      if (o.kind === 'condition') return m.announceCondition(label);
      if (o.kind === 'refused') return m.announceRefused(label, issueMessage({ message: o.reason, messages: o.messages }, locale));
      return m.announceNothing(label);
    },
    onDragCancel: ({ active }) => t.announceCancel(labelOf(active.data.current)),
  };
}
