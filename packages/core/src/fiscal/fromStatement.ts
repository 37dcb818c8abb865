import type { FiscalLine } from '../schema/fiscal.js';
import type { PeriodStatement } from '../schema/ledger.js';
import { Decimal, decimalsOf, exactAmount, sumAmounts } from '../money.js';

// Amounts pass through exactly as the statement wrote them, at its plan's scale ("2.503" stays "2.503", "7" stays "7"):
// nothing is rounded here; the pack rounds its own taxes and records it.
const asWritten = (amount: string): string => exactAmount(amount, decimalsOf(amount));
const negated = (amount: string): string => exactAmount(new Decimal(amount).negated(), decimalsOf(amount));

/**
 * The taxable lines of a period statement for a jurisdiction pack. The invoice follows the payment (for services
 * the tax point is payment), so the lines add up exactly to `statement.payable`:
 *   Σ lines = earnedPayable (by component) + adjustmentsPayable + released − reserveWithheld + reserveReleased
 *             − clawbacks − broughtForward − advanceRecovered + carriedForward
 * Zero lines are left out; order is fixed (components sorted by name, then the ledger movements).
 */
export function fiscalLinesFromPeriodStatement(ps: PeriodStatement): FiscalLine[] {
  const byComponent = new Map<string, string[]>();
  for (const e of ps.earned) {
    // Adjustment units are reported once, as the 'adjustment' movement below (they are also in `earned`).
    if (e.status !== 'payable' || e.kind === 'adjustment') continue;
    const c = e.component ?? 'commission';
    byComponent.set(c, [...(byComponent.get(c) ?? []), e.amount]);
  }
  const t = ps.totals;
  const out: FiscalLine[] = [...byComponent.keys()]
    .sort()
    .map((component) => ({ component, amount: sumAmounts(byComponent.get(component)!) }));
  const movements: [string, string][] = [
    ['adjustment', t.adjustmentsPayable],
    ['released', t.released],
    ['reserve_withheld', negated(t.reserveWithheld)],
    ['reserve_released', t.reserveReleased],
    ['clawback', negated(t.clawbacks)],
    ['brought_forward', negated(t.broughtForward)],
    ['advance_recovery', negated(t.advanceRecovered)],
    ['carried_forward', t.carriedForward],
  ];
  for (const [component, amount] of movements) if (!new Decimal(amount).isZero()) out.push({ component, amount: asWritten(amount) });
  return out;
}

/** The statement's `byComponent` totals (core `Statement`) as fiscal lines, components sorted by name. */
export function fiscalLinesFromByComponent(byComponent: Record<string, string>): FiscalLine[] {
  return Object.keys(byComponent)
    .sort()
    .filter((c) => !new Decimal(byComponent[c]!).isZero())
    .map((component) => ({ component, amount: asWritten(byComponent[component]!) }));
}
