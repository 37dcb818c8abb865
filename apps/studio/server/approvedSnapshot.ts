import { partnerCalculationInput, type FiscalResult, type Partner, type PartnerCalculationInput, type Statement } from '@provvigo/core';
import { getPartnerSnapshots, getRunSnapshot, type Store } from '@provvigo/store';
import { hyperFormulaEngine } from '@provvigo/core/hyperformula';
import { buildCalculationWorkbook } from '@provvigo/workbook';

/**
 * What a partner sees of a run, read from what the run stored: the partner as calculated, its fiscal result and the
 * inputs of its calculation (pinned plan version and records). Never the studio's live plans or the sample's facts,
 * which a designer or an import may change after approval.
 */
export interface ApprovedView {
  partner: Partner;
  fiscal: FiscalResult | null;
  calculation: PartnerCalculationInput | null;
}

/** The partner's view of a run's snapshot; null when the run holds no snapshot for this partner. */
export async function approvedView(store: Store, runId: string, partnerId: string): Promise<ApprovedView | null> {
  const run = await getRunSnapshot(store, runId);
  const [own] = await getPartnerSnapshots(store, runId, partnerId);
  const partner = run?.partners.find((p) => p.id === partnerId);
  if (!run || !own || !partner) return null;
  return { partner, fiscal: own.fiscal, calculation: partnerCalculationInput(run, own) };
}

/**
 * "Download my calculation" from the run's snapshot. The workbook recomputes the statement from the pinned plan and
 * the stored records; it must give the stored statement's lines and total exactly, or it is refused (a workbook that
 * disagrees with the approved statement is never handed out).
 */
export async function approvedWorkbook(view: ApprovedView, stored: Statement, licenseKey: string): Promise<Uint8Array> {
  const c = view.calculation;
  if (!c) throw new Error(`no pinned plan of the run selects partner ${view.partner.id}`);
  const { workbook, statement } = buildCalculationWorkbook({
    plan: c.plan,
    partnerId: c.partner.id,
    input: { period: c.period, partners: [c.partner], factSchema: c.factSchema, facts: c.facts },
    formulaEngine: hyperFormulaEngine({ licenseKey }),
  });
  // lines compared by id (their order on the sheet is the workbook's own)
  const key = (s: Statement) => JSON.stringify([s.total, s.lines.map((l) => `${l.id}\u0000${l.amount}`).sort()]);
  if (key(statement) !== key(stored)) {
    throw new Error(`the workbook of ${view.partner.id} does not reproduce the run's statement (total ${statement.total}, stored ${stored.total})`);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
