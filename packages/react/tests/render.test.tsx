import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { evaluate, explain, explanationLabels } from '@provvigo/core';
import { Explanation, FormulaEditor, PlanBuilder, Statement } from '../src/index.js';
import { loadSample } from './sample.js';

const sample = loadSample();
const plan = sample.plans['agency-agents']!;
const result = evaluate({ ...sample.input, plans: [plan] });
const statement = result.statements.find((s) => s.lines.length > 1)!;

describe('server-rendered components', () => {
  it('renders a statement grouped by component with its total, in Italian and English', () => {
    const it = renderToStaticMarkup(createElement(Statement, { statement, locale: 'it' }));
    const en = renderToStaticMarkup(createElement(Statement, { statement, locale: 'en' }));
    expect(it).toContain('Estratto conto');
    expect(en).toContain('Statement');
    for (const component of Object.keys(statement.byComponent)) expect(en).toContain(`data-component="${component}"`);
    // zero-euro lines fold into "N zero-euro lines" (issue 11 §6): only the others are rows at first
    const nonZero = statement.lines.filter((l) => Number(l.amount) !== 0).length;
    expect((en.match(/data-testid="statement-line"/g) ?? []).length).toBe(nonZero);
    if (nonZero < statement.lines.length) expect(en).toContain('data-testid="zero-lines-toggle"');
  });

  it('renders a line derivation with the formula, substituted values and the amount', () => {
    const line = statement.lines[0]!;
    const html = renderToStaticMarkup(createElement(Explanation, { line, locale: 'en' }));
    expect((html.match(/data-testid="derivation-step"/g) ?? []).length).toBe(line.trace.cells.length);
    expect(html).toContain(line.trace.cells[0]!.sheet);
    // a labelled cell is named by its label: its technical sheet.name does not show in the text (issue 11 §5)
    const text = html.replace(/<[^>]+>/g, ' ');
    const labelled = line.trace.cells.filter((c) => c.label);
    expect(labelled.length).toBeGreaterThan(0);
    for (const c of labelled) {
      expect(text).toContain(c.label);
      expect(text).not.toContain(`${c.sheet}.${c.name}`);
    }
  });

  it('renders the builder and the formula editor without a browser', () => {
    const html = renderToStaticMarkup(createElement(PlanBuilder, { plan, onChange: () => {}, factSchema: sample.input.factSchema, locale: 'it' }));
    expect(html).toContain('Libreria di metriche');
    expect(html).toContain('Il piano è valido.');
    // the host page owns its landmarks: the builder renders no <main> (nor role="main") of its own
    expect(html).not.toMatch(/<main[\s>]|role="main"/);
    const f = renderToStaticMarkup(
      createElement(FormulaEditor, { value: '=IF(Activations>1,1,0)', onChange: () => {}, plan, path: ['sheets', 'Summary', 'cells', 'TierRate', 'formula'], locale: 'it' }),
    );
    expect(f).toContain('=SE(Activations&gt;1; 1; 0)');
  });
});

describe('statement with ledger and fiscal sections', () => {
  it('shows the ledger movements, the fiscal items and the net to pay of the Italian pack', async () => {
    const { portalView } = await import('../stories/portalData.js');
    const agency = sample.input.partners.find((p) => p.kind === 'agency')!;
    const view = portalView(plan, agency);
    expect(view.periodStatement).toBeDefined();
    expect(view.fiscal).toBeDefined();
    const html = renderToStaticMarkup(createElement(Statement, { ...view, partner: agency, locale: 'it' }));
    expect(html).toContain('data-testid="ledger"');
    expect(html).toContain('data-testid="fiscal"');
    expect(html).toContain('Netto a pagare');
    const net = view.fiscal!.totals.netToPay;
    const [int, frac] = net.replace('-', '').split('.');
    expect(html).toContain(`${int!.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${(frac ?? '').padEnd(2, '0')} €`);
  });
});

describe('tier band in the explanation', () => {
  // Two marginal bands: 5 per activation from 0, 8 per activation from 3. Four activations, by hand: the 4th falls in
  // the second band (from 3, no upper bound), whose rate applies to 4 − 3 = 1 activation; lower bands are paid at
  // their own rate: 3 × 5 + 1 × 8 = 23.
  const tierPlan = {
    id: 'tiers', version: 1, name: 'Tiers', effectiveFrom: '2026-01-01', currency: 'EUR',
    tables: { Tiers: { kind: 'tier', mode: 'marginal', bands: [{ from: '0', rate: '5' }, { from: '3', rate: '8' }] } },
    sheets: {
      Lines: { kind: 'lines', source: 'contracts', columns: { One: { formula: '=1', type: 'number' } } },
      Summary: { kind: 'summary', cells: { Activations: { formula: '=SUM(Lines[One])' }, TierBonus: { formula: '=TIER.AMOUNT(Tiers, Activations)', type: 'money' } } },
    },
    payouts: { tier: { label: 'Tier bonus', sheet: 'Summary', cell: 'TierBonus' } },
  };
  const partner = sample.input.partners[0]!;
  const contracts = [1, 2, 3, 4].map((i) => ({ ...sample.input.facts.contracts!.find((c) => c.partnerId === partner.id)!, id: `T${i}` }));

  it('shows the band number as traced and the quantity inside the band', () => {
    const r = evaluate({ ...sample.input, plans: [tierPlan as never], partners: [partner], facts: { ...sample.input.facts, contracts } });
    const line = r.statements[0]!.lines.find((l) => l.payout === 'tier')!;
    expect(line.amount).toBe('23.00');
    const html = renderToStaticMarkup(createElement(Explanation, { line, locale: 'en' }));
    const band = /data-testid="tier-band">(.*?)<\/div>/.exec(html)?.[1]?.replace(/<[^>]+>/g, '');
    expect(band).toBe('Tier band 2 (from 3 up, marginal): 1 in this band × rate 8');
    const it = renderToStaticMarkup(createElement(Explanation, { line, locale: 'it' }));
    expect(/data-testid="tier-band">(.*?)<\/div>/.exec(it)?.[1]?.replace(/<[^>]+>/g, '')).toBe('Scaglione 2 (da 3 in su, marginale): 1 nello scaglione × aliquota 8');
    // core's sentence says the same: the band and the quantity inside it
    expect(explain(line, 'it')).toContain('scaglione 2 di Tiers (da 3 in su), aliquota 8, marginale: 1 nello scaglione');
    expect(explain(line, 'en')).toContain('band 2 of Tiers (from 3 up), rate 8, marginal: 1 in the band');
  });
});

describe('the partner statement (issue 11 §6)', () => {
  it('puts the net to pay first, itemises held amounts from the ledger entries and folds zero-euro lines', async () => {
    const { portalView } = await import('../stories/portalData.js');
    const agency = sample.input.partners.find((p) => p.kind === 'agency')!;
    const view = portalView(plan, agency);
    const ps = view.periodStatement!;
    expect(ps.held.length).toBeGreaterThan(0);
    const html = renderToStaticMarkup(createElement(Statement, { ...view, partner: agency, locale: 'it' }));
    // the net to pay comes before any table
    expect(html.indexOf('data-testid="net-to-pay"')).toBeLessThan(html.indexOf('<table'));
    // one row per held entry, each with the contract it waits on
    expect((html.match(/data-testid="held-item"/g) ?? []).length).toBe(ps.held.length);
    for (const h of ps.held) expect(html).toContain(`data-entry="${h.entryId}"`);
    // zero-euro lines are not rows until asked for: counted by hand from the lines' amounts
    const zeros = view.statement.lines.filter((l) => Number(l.amount) === 0).length;
    expect((html.match(/data-testid="statement-line"/g) ?? []).length).toBe(view.statement.lines.length - zeros);
    if (zeros > 1) expect(html).toMatch(/\d+ righe a zero/);
    // a line shows the contract's product from the facts, not only its CRM id
    const withProduct = view.statement.lines.find((l) => l.source && Number(l.amount) !== 0 && view.records[`${l.source.table}/${l.source.id}`])!;
    expect(html).toContain(view.records[`${withProduct.source!.table}/${withProduct.source!.id}`]!.product);
  });

  it('formats a share as a percentage in the reader locale and a date as the reader writes it', async () => {
    const { formatPercent } = await import('../src/index.js');
    // the date formatter is core's (one owner across packages), re-used by the statement and the documents
    const { formatDate } = await import('@provvigo/core');
    expect(formatPercent('0.085', 'it')).toBe('8,5 %');
    expect(formatPercent('0.085', 'en')).toBe('8.5%');
    expect(formatPercent('1', 'it')).toBe('100 %');
    expect(formatPercent('0.23', 'en')).toBe('23%');
    expect(formatDate('2026-12-31', 'it')).toBe('31/12/2026');
    expect(formatDate('2026-12-31', 'en')).toBe('31 Dec 2026');
    expect(formatDate('31/12/2026', 'en')).toBe('31/12/2026'); // not ISO: shown as it is, never guessed at
  });
});

describe("explanations in the reader's words (issue 11 §5)", () => {
  // an Italian partner's commission line read in English and in Italian, with the labels of the plan version
  const italian = result.statements.find((s) => s.lines.some((l) => l.payout === 'Commission') && sample.input.partners.find((p) => p.id === s.partnerId)?.language !== 'en')!;
  const line = italian.lines.find((l) => l.payout === 'Commission' && l.source)!;
  const labels = explanationLabels(plan, sample.input.factSchema);
  // by hand: the contract's category and territory pick the row of the plan's Rates table
  const contract = sample.input.facts.contracts!.find((c) => c.id === line.source!.id)!;
  const row = (plan.tables.Rates as { rows: Record<string, string>[] }).rows.find((r) => r.category === contract.category && r.territory === contract.territory)!;
  const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const sentences = (html: string) => [...html.matchAll(/data-testid="step-sentence">(.*?)<\/p>/g)].map((m) => text(m[1]!));

  it('names cells, tables, the record and the line by the plan labels in the reader\'s language; the formula stays one click away', () => {
    const en = renderToStaticMarkup(createElement(Explanation, { line, locale: 'en', labels }));
    expect(en).toContain('How this line was calculated: Contract commission');
    expect(sentences(en)[1]).toBe(`Rates by category and region (${contract.category}, ${contract.territory}) ${row.Rate!.replace(/0+$/, '')} = ${row.Rate!.replace(/0+$/, '')}`);
    expect(text(en)).toContain(`salesforce · Contracts · ${line.source!.id}`);
    expect(en).toContain('data-testid="step-formula"');
    expect(en).toContain('=RATE(Rates[Rate], [@category], [@territory])');
    const it = renderToStaticMarkup(createElement(Explanation, { line, locale: 'it', labels }));
    expect(it).toContain('Come è stata calcolata questa riga: Provvigione contratti');
    expect(sentences(it)[1]).toBe(`Tariffe per categoria e regione (${contract.category}, ${contract.territory}) ${row.Rate!.replace(/0+$/, '').replace('.', ',')} = ${row.Rate!.replace(/0+$/, '').replace('.', ',')}`);
    expect(text(it)).toContain(`salesforce · Contratti · ${line.source!.id}`);
    // the IF of the units column: SE in Italian, and the branch taken for this contract's commodity
    expect(sentences(it)[0]).toMatch(/^SE\(Commodity /);
    expect(it).toContain(contract.commodity === 'gas' ? 'SE: condizione vera' : 'SE: condizione falsa');
  });

  it("titles the statement's lines with the payout label in the reader's language", () => {
    const en = renderToStaticMarkup(createElement(Statement, { statement: italian, locale: 'en', explanationLabels: [labels] }));
    expect(en).toContain('Contract commission');
    expect(en).not.toContain('Provvigione contratti');
  });

  it('the builder lists labels missing in a language as warnings; the plan stays valid', () => {
    const bare = { ...plan, parameters: { ...plan.parameters, BonusTarget: { ...plan.parameters.BonusTarget!, label: { it: 'Obiettivo' } } } };
    const html = renderToStaticMarkup(createElement(PlanBuilder, { plan: bare, onChange: () => {}, factSchema: sample.input.factSchema, locale: 'it', initialSection: 'details' }));
    expect(html).toContain('Il piano è valido.');
    expect(text(html)).toContain('1 nome senza etichetta');
    expect(text(html)).toContain('"BonusTarget" non ha un\'etichetta in inglese: le spiegazioni mostrano "Obiettivo"');
  });
});
