import type { Conditions } from '@provvigo/core';
import type { AuthoringMessages } from './authoringMessages.js';
import type { ConditionKind } from './builderLogic.js';

/** One condition in a few words for the canvas ("activated · 30 days"); the Conditions tab edits it. */
export function conditionSummary(kind: ConditionKind, conditions: Conditions | undefined, m: AuthoringMessages): string {
  const window = (days?: number, months?: number) => (days ? `${days} ${m.days}` : months ? `${months} ${m.months}` : m.noLimit);
  if (kind === 'release' && conditions?.release) return `${conditions.release.on} · ${window(conditions.release.deadlineDays, conditions.release.deadlineMonths)}`;
  if (kind === 'reserve' && conditions?.reserve) return `${conditions.reserve.share} · ${conditions.reserve.releaseAfterMonths} ${m.months}`;
  if (kind === 'clawback' && conditions?.clawback) {
    return `${conditions.clawback.on.join(', ')} · ${window(conditions.clawback.withinDays, conditions.clawback.withinMonths)} · ${m.clawbackModes[conditions.clawback.mode]}`;
  }
  return '';
}
