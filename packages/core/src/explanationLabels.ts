import { issue } from './issues.js';
import { parsePlan } from './plan/parsePlan.js';
import type { LocalizedText, ValueType } from './schema/common.js';
import { FactSchemaSchema, type FactSchemaInput } from './schema/facts.js';
import type { Issue } from './schema/issue.js';
import type { Plan } from './schema/plan.js';

type Locale = 'it' | 'en';

/**
 * The reader's words for the names an explanation shows, in both languages, derived from one plan version and the
 * fact schema it was calculated with (the run's snapshot): so the portal and the documents say the same thing.
 *
 * Keys are namespaced because a plan's names live in separate namespaces:
 * - `plan`: the plan's name;
 * - `sheet:<sheet>`: a sheet;
 * - `row:<sheet>.<name>`: a computed column or a fact column a line sheet's row reads (`[@name]`);
 * - `name:<name>`: a parameter or a summary cell (one namespace in a plan);
 * - `table:<table>`: a rate or tier table;
 * - `record:<factTable>`: a fact table, as the source of a line's record;
 * - `payout:<payout>`: a payout (a statement line's title).
 *
 * JSON-serialisable (the studio sends it beside the statement); read it through `labelOf`, which looks names up in
 * a Map, never in the plain object.
 */
export interface ExplanationLabels {
  plan: { id: string; version: number };
  labels: Record<string, { it: string; en: string }>;
  /** Declared value types, same keys (`row:`, `name:`): percentages are shown as such (8,5 %). */
  types: Record<string, ValueType>;
}

/** One name an explanation may show: its key, its technical name, its label as written and where that is. */
interface Labelled {
  key: string;
  name: string;
  label: LocalizedText | undefined;
  type?: ValueType;
  path: Issue['path'];
}

/** Every name of a plan an explanation can show, with the label the plan (or the fact schema) gives it. */
function labelledNames(plan: Plan, schemaInput: FactSchemaInput | undefined): Labelled[] {
  // an invalid schema is reported where it is edited; here it only means no fact labels
  const parsed = schemaInput === undefined ? undefined : FactSchemaSchema.safeParse(schemaInput);
  const factSchema = parsed?.success ? parsed.data : undefined;
  const out: Labelled[] = [{ key: 'plan', name: plan.id, label: plan.name, path: ['name'] }];
  for (const [name, p] of Object.entries(plan.parameters)) out.push({ key: `name:${name}`, name, label: p.label, type: p.type, path: ['parameters', name, 'label'] });
  for (const [name, t] of Object.entries(plan.tables)) out.push({ key: `table:${name}`, name, label: t.label, path: ['tables', name, 'label'] });
  for (const [name, p] of Object.entries(plan.payouts)) out.push({ key: `payout:${name}`, name, label: p.label, path: ['payouts', name, 'label'] });
  // the fact columns the formulas read (what a sentence shows), known once the plan resolves against the schema
  const analyzed = factSchema ? parsePlan(plan, { factSchema, stored: true }) : undefined;
  const factColumns = new Map(analyzed?.ok ? analyzed.analyzed.lineSheets.map((s) => [s.name, s.factColumns]) : []);
  for (const [sheetName, sheet] of Object.entries(plan.sheets)) {
    out.push({ key: `sheet:${sheetName}`, name: sheetName, label: sheet.label, path: ['sheets', sheetName, 'label'] });
    if (sheet.kind === 'summary') {
      for (const [name, c] of Object.entries(sheet.cells)) out.push({ key: `name:${name}`, name, label: c.label, type: c.type, path: ['sheets', sheetName, 'cells', name, 'label'] });
      continue;
    }
    for (const [name, c] of Object.entries(sheet.columns)) out.push({ key: `row:${sheetName}.${name}`, name, label: c.label, type: c.type, path: ['sheets', sheetName, 'columns', name, 'label'] });
    const table = factSchema ? new Map(Object.entries(factSchema.tables)).get(sheet.source) : undefined;
    if (!table) continue;
    out.push({ key: `record:${sheet.source}`, name: sheet.source, label: table.label, path: ['factSchema', 'tables', sheet.source, 'label'] });
    const columns = new Map(Object.entries(table.columns));
    for (const name of factColumns.get(sheetName) ?? []) {
      const col = columns.get(name);
      if (col) out.push({ key: `row:${sheetName}.${name}`, name, label: col.label, type: col.type, path: ['factSchema', 'tables', sheet.source, 'columns', name, 'label'] });
    }
  }
  return out;
}

/** `ContractBonusAmount` → `Contract bonus amount`, `annual_kwh` → `Annual kwh`: a name made readable, as a last resort. */
export function humanizeName(name: string): string {
  const words = name
    .replace(/[_.-]+/g, ' ')
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim()
    .split(/\s+/);
  const text = words.map((w, i) => (i > 0 && !/^[A-Z\d]{2,}$/.test(w) ? w.toLowerCase() : w)).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The label in each language: the language's own, else the other language's, else the humanised name. */
function bothLanguages(label: LocalizedText | undefined, name: string): { it: string; en: string } {
  if (typeof label === 'string' && label.trim()) return { it: label, en: label };
  const it = typeof label === 'object' ? label.it?.trim() : undefined;
  const en = typeof label === 'object' ? label.en?.trim() : undefined;
  const fallback = humanizeName(name);
  return { it: it || en || fallback, en: en || it || fallback };
}

/** The explanation labels of one plan version, with the fallbacks `missingLabels` warns about. */
export function explanationLabels(plan: Plan, factSchema?: FactSchemaInput): ExplanationLabels {
  const labels: ExplanationLabels['labels'] = {};
  const types: ExplanationLabels['types'] = {};
  for (const l of labelledNames(plan, factSchema)) {
    labels[l.key] = bothLanguages(l.label, l.name);
    if (l.type) types[l.key] = l.type;
  }
  return { plan: { id: plan.id, version: plan.version }, labels, types };
}

/** A name's label in the reader's language; the technical name when the labels do not know it. */
export function labelOf(labels: ExplanationLabels | undefined, key: string, locale: Locale, name: string): string {
  if (!labels) return name;
  return new Map(Object.entries(labels.labels)).get(key)?.[locale] ?? name;
}

/** A name's declared value type, when the labels know it. */
export function typeOf(labels: ExplanationLabels | undefined, key: string): ValueType | undefined {
  return labels ? new Map(Object.entries(labels.types)).get(key) : undefined;
}

/**
 * Warnings for the names an explanation shows that lack a label in Italian or English (the partner would read the
 * other language's label, or the name made readable): authors see them in the builder and can fix them.
 */
export function missingLabels(plan: Plan, factSchema?: FactSchemaInput): Issue[] {
  const out: Issue[] = [];
  for (const l of labelledNames(plan, factSchema)) {
    if (typeof l.label === 'string' && l.label.trim()) continue;
    const lacking = (['it', 'en'] as const).filter((lang) => !(typeof l.label === 'object' && l.label[lang]?.trim()));
    if (lacking.length === 0) continue;
    const shown = bothLanguages(l.label, l.name);
    const itLangs = lacking.map((x) => (x === 'it' ? 'italiano' : 'inglese')).join(' e ');
    const enLangs = lacking.map((x) => (x === 'it' ? 'Italian' : 'English')).join(' and ');
    const en = `"${l.name}" has no label in ${enLangs}: explanations show "${shown[lacking[0]!]}"`;
    const it = `"${l.name}" non ha un'etichetta in ${itLangs}: le spiegazioni mostrano "${shown[lacking[0]!]}"`;
    out.push(issue('missing_label', en, l.path, { severity: 'warning', planId: plan.id, messages: { it, en } }));
  }
  return out;
}
