/**
 * The built-in names of the usual payout components. Their own module so the statement's line groups
 * (StatementLineGroup.tsx) name them without importing Statement.tsx, which re-exports them for hosts.
 */

/** Names of the usual payout components; plans may use any key, shown as is when unknown. */
export const COMPONENT_LABELS: Record<string, { it: string; en: string }> = {
  commission: { it: 'Provvigioni', en: 'Commissions' },
  bonus: { it: 'Bonus', en: 'Bonuses' },
  service: { it: 'Compensi per interventi', en: 'Service fees' },
  sla: { it: 'Bonus/malus SLA', en: 'SLA bonus/malus' },
  quality: { it: 'Rettifica qualità', en: 'Quality adjustment' },
  advance: { it: 'Anticipi', en: 'Advances' },
};
