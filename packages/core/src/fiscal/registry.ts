import type { Issue } from '../schema/issue.js';
import type {
  FiscalInput,
  FiscalInputInput,
  FiscalResult,
  FiscalTables,
  JurisdictionPack,
  FiscalProfile,
} from '../schema/fiscal.js';
import { FiscalInputSchema } from '../schema/fiscal.js';
import type { BothLanguages } from '../schema/common.js';
import { PlanError } from '../issues.js';
import { schemaIssueTexts } from '../plan/schemaMessages.js';
import { errorTexts } from '../refusalText.js';
import { buildTotals } from './totals.js';
import { ytdForPeriod } from './ytd.js';

/** The pack id of a profile id: "it:agent-srl" → "it". */
export function packIdOf(profileId: string): string {
  const i = profileId.indexOf(':');
  return i < 0 ? profileId : profileId.slice(0, i);
}

export function findProfile(packs: readonly JurisdictionPack[], profileId: string): FiscalProfile | undefined {
  const pack = packs.find((p) => p.id === packIdOf(profileId));
  return pack?.profiles.find((p) => p.id === profileId);
}

/**
 * A fiscal issue naming the partner (and the field, when one is at fault). The user reads it, so a pack gives its
 * text as `{ en, it }`: `message` is the English (what tests and logs read), `messages` both languages. A plain string
 * stays English only, for texts that are not ours to translate: no English poses as the Italian.
 */
export function fiscalIssue(
  severity: 'error' | 'warning',
  code: Issue['code'],
  message: string | BothLanguages,
  partnerId: string,
  path: (string | number)[] = ['fiscal'],
  field?: string,
): Issue {
  const en = typeof message === 'string' ? message : message.en;
  const issue: Issue = { code, severity, message: en, path, partnerId };
  if (field) issue.field = field;
  if (typeof message !== 'string') issue.messages = { it: message.it, en };
  return issue;
}

/** A result with no items, for inputs a pack cannot compute: nothing invented, the issues say why. */
export function emptyFiscalResult(input: FiscalInput, pack: string, issues: Issue[]): FiscalResult {
  const profile = input.partner.fiscalProfile ?? '';
  const ytd = ytdForPeriod(input.ytd, input.partner.id, input.period);
  return {
    pack,
    profile,
    partnerId: input.partner.id,
    period: input.period.id,
    currency: input.currency,
    items: [],
    invoiceLines: [],
    totals: buildTotals({ currency: input.currency, invoiceLines: [], items: [] }),
    document: { kind: 'invoice', codes: {}, notes: [] },
    ytdAfter: ytd,
    issues,
    invoiceable: false,
    trace: {
      pack,
      profile,
      partnerId: input.partner.id,
      period: input.period.id,
      settings: {},
      lines: input.lines,
      tables: [],
      ytdBefore: input.ytd,
      items: [],
    },
  };
}

/** The result for an input that fails its schema: one error issue per problem, naming the field. */
function invalidInputResult(raw: unknown, problems: readonly { path: readonly PropertyKey[]; message: string }[]): FiscalResult {
  const r = (raw ?? {}) as { partner?: { id?: unknown; fiscalProfile?: unknown }; period?: { id?: unknown }; currency?: unknown };
  const partnerId = typeof r.partner?.id === 'string' ? r.partner.id : '';
  const period = typeof r.period?.id === 'string' ? r.period.id : '';
  // ISO 4217 "XXX" is the code for "no currency": an input that fails its schema states none, and nothing is invented.
  const currency = typeof r.currency === 'string' && /^[A-Z]{3}$/.test(r.currency) ? r.currency : 'XXX';
  const profile = typeof r.partner?.fiscalProfile === 'string' ? r.partner.fiscalProfile : '';
  const issues = problems.map((p) => {
    const path = p.path.map((k) => (typeof k === 'number' ? k : String(k)));
    // `path: message` as before in English; schemaIssueTexts words zod's message in Italian by its shape
    const [text] = schemaIssueTexts([{ ...p, path }]) as [BothLanguages];
    return fiscalIssue(
      'error',
      'invalid_input',
      { en: `fiscal input for partner "${partnerId}": ${text.en}`, it: `dati fiscali del partner "${partnerId}": ${text.it}` },
      partnerId,
      ['fiscal', ...path],
      path.at(-1) === undefined ? undefined : String(path.at(-1)),
    );
  });
  return {
    pack: packIdOf(profile),
    profile,
    partnerId,
    period,
    currency,
    items: [],
    invoiceLines: [],
    totals: buildTotals({ currency, invoiceLines: [], items: [] }),
    document: { kind: 'invoice', codes: {}, notes: [] },
    ytdAfter: { partnerId: partnerId || '?', year: 0, values: {}, periods: [] },
    issues,
    invoiceable: false,
    trace: { pack: packIdOf(profile), profile, partnerId, period, settings: {}, lines: [], tables: [], ytdBefore: null, items: [] },
  };
}

/**
 * The pack's result for one statement as it is, error issues included (a blocked partner's record in a period run).
 * Validates the input at this boundary; invalid input, a missing profile, an unknown pack or a pack failure becomes an
 * error issue on an otherwise empty result, never a throw, so one partner's bad data never stops the others.
 */
export function fiscalResultOf(packs: readonly JurisdictionPack[], raw: FiscalInputInput, tables?: FiscalTables): FiscalResult {
  const parsed = FiscalInputSchema.safeParse(raw);
  if (!parsed.success) return invalidInputResult(raw, parsed.error.issues);
  const input = parsed.data;
  const profileId = input.partner.fiscalProfile;
  if (!profileId) {
    return emptyFiscalResult(input, '', [
      fiscalIssue(
        'error',
        'missing_input',
        { en: `partner "${input.partner.id}" has no fiscalProfile`, it: `il partner "${input.partner.id}" non ha un profilo fiscale (fiscalProfile)` },
        input.partner.id,
        ['partners', input.partner.id, 'fiscalProfile'],
        'fiscalProfile',
      ),
    ]);
  }
  const pack = packs.find((p) => p.id === packIdOf(profileId));
  if (!pack) {
    return emptyFiscalResult(input, packIdOf(profileId), [
      fiscalIssue(
        'error',
        'unknown_reference',
        {
          en: `no jurisdiction pack "${packIdOf(profileId)}" for fiscal profile "${profileId}" of partner "${input.partner.id}"`,
          it: `nessun pacchetto fiscale della giurisdizione "${packIdOf(profileId)}" per il profilo fiscale "${profileId}" del partner "${input.partner.id}"`,
        },
        input.partner.id,
        ['partners', input.partner.id, 'fiscalProfile'],
        'fiscalProfile',
      ),
    ]);
  }
  try {
    return pack.compute(input, tables);
  } catch (err) {
    // errorTexts: the pack's own Italian when its error has one (a BilingualError), else its one text in both
    const why = errorTexts(err);
    return emptyFiscalResult(input, pack.id, [
      fiscalIssue(
        'error',
        'invalid_input',
        {
          en: `fiscal pack "${pack.id}" failed for partner "${input.partner.id}": ${why.en}`,
          it: `il calcolo del pacchetto fiscale "${pack.id}" per il partner "${input.partner.id}" non è riuscito: ${why.it}`,
        },
        input.partner.id,
      ),
    ]);
  }
}

/**
 * What `computeFiscal` returns: the fiscal result when it can become an invoice (its `issues` are warnings at most),
 * or the issues that say why not — never zero totals a caller could mistake for a computation.
 */
export type FiscalOutcome = { ok: true; fiscal: FiscalResult } | { ok: false; issues: Issue[] };

/**
 * Computes the fiscal items of one statement with the pack named by the partner's profile. Never throws for bad
 * data: invalid input, a missing profile, an unknown pack, a pack failure or any error issue of the pack (a missing
 * table row, invalid settings…) is `{ ok: false, issues }`, each issue naming partner and field.
 */
export function computeFiscal(packs: readonly JurisdictionPack[], raw: FiscalInputInput, tables?: FiscalTables): FiscalOutcome {
  const fiscal = fiscalResultOf(packs, raw, tables);
  const failed = fiscal.invoiceable === false || fiscal.issues.some((i) => i.severity === 'error');
  return failed ? { ok: false, issues: fiscal.issues } : { ok: true, fiscal };
}

/** `computeFiscal` for callers that prefer an exception: the fiscal result, or a `PlanError` carrying the issues. */
export function computeFiscalOrThrow(packs: readonly JurisdictionPack[], raw: FiscalInputInput, tables?: FiscalTables): FiscalResult {
  const outcome = computeFiscal(packs, raw, tables);
  if (!outcome.ok) throw new PlanError(outcome.issues);
  return outcome.fiscal;
}
