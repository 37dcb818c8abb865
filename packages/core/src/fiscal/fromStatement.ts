import type { FiscalLine } from '../schema/fiscal.js';
import type { PeriodStatement } from '../schema/ledger.js';
import { cents, dec, sum } from './decimal.js';

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
    .map((component) => ({ component, amount: cents(sum(byComponent.get(component)!)) }));
  const movements: [string, string][] = [
    ['adjustment', t.adjustmentsPayable],
    ['released', t.released],
    ['reserve_withheld', cents(dec(t.reserveWithheld).negated())],
    ['reserve_released', t.reserveReleased],
    ['clawback', cents(dec(t.clawbacks).negated())],
    ['brought_forward', cents(dec(t.broughtForward).negated())],
    ['advance_recovery', cents(dec(t.advanceRecovered).negated())],
    ['carried_forward', t.carriedForward],
  ];
  for (const [component, amount] of movements) if (!dec(amount).isZero()) out.push({ component, amount: cents(dec(amount)) });
  return out;
}

/** The statement's `byComponent` totals (core `Statement`) as fiscal lines, components sorted by name. */
export function fiscalLinesFromByComponent(byComponent: Record<string, string>): FiscalLine[] {
  return Object.keys(byComponent)
    .sort()
    .filter((c) => !dec(byComponent[c]!).isZero())
    .map((component) => ({ component, amount: cents(dec(byComponent[component]!)) }));
}
