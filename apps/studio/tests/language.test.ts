import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockReasons } from '@provvigo/core';
import { BUILDER_SECTIONS, Explanation, PlanBuilder, Statement } from '@provvigo/react';
import { PeriodReview } from '../client/pages/PeriodReview.js';
import type { Review } from '../client/pages/PeriodReview.js';
import type { StudioServer } from '../server/app.js';
import { loadSample } from '../server/sample.js';
import { startApprovedStudio } from './approvedStudio.js';
import { foreignWords as foreign } from './foreignWords.js';
import { loginCookie } from './login.js';

/**
 * One language per page (issue 11 §5): the partner's statement (with held amounts, ledger, fiscal items and every
 * line's derivation opened) rendered in Italian holds no word of the English fixed list, and the reverse; the
 * statement and invoice PDFs of an Italian partner hold no English word, those of the English partner no Italian one.
 * The lists are UI and document words (not plan labels or product names, which are the partner's data; nor sheet
 * names such as `Lines`, which formulas reference as identifiers: `CONTA.NUMERI(Lines[Commission])`).
 */
const EN_WORDS = ['Statement', 'Period', 'Amount', 'Held', 'Reason', 'Contract', 'Payable', 'Net to pay', 'Total earned', 'derivation', 'Waiting for', 'Tier band', 'in this band', 'Rounding', 'with values', 'TRUE', 'FALSE', 'half up', 'decimals', 'Component', 'zero-euro', 'Print', 'Download', 'Invoice total', 'Tax and contributions', 'lapses', 'Result', 'Source record', 'Expected release', 'Customer', 'Product'];
const IT_WORDS = ['Estratto conto', 'Periodo', 'Importo', 'Trattenut', 'Motivo', 'Contratto', 'Pagabile', 'Netto a pagare', 'Totale maturato', 'Mostra il calcolo', 'In attesa di', 'Scaglione', 'nello scaglione', 'Arrotondamento', 'con i valori', 'VERO', 'FALSO', 'per eccesso', 'decimali', 'Righe', 'Componente', 'righe a zero', 'Stampa', 'Scarica', 'Totale documento', 'Imposte e contributi', 'decade', 'Risultato', 'Record di origine', 'Sblocco previsto', 'Cliente', 'Prodotto'];

const sample = loadSample();
const PASSWORD = 'test-password';
const period = sample.period.id;
const dir = mkdtempSync(join(tmpdir(), 'studio-lang-'));
let studio: StudioServer;

const session = (username: string): Promise<string> => loginCookie(studio.url, username, PASSWORD);

beforeAll(async () => {
  studio = await startApprovedStudio(sample, PASSWORD);
}, 120_000);

afterAll(async () => {
  await studio?.close();
});

/** The page's text with every derivation open (the Explanation of each line is rendered too). */
function pageText(data: Record<string, unknown>, locale: 'it' | 'en'): string {
  const props = { ...(data as object), locale } as Parameters<typeof Statement>[0];
  // with the labels of the run's plan version, as the studio's pages render them
  const labels = props.explanationLabels?.[0];
  const explanations = props.statement.lines.map((line) => renderToStaticMarkup(createElement(Explanation, { line, locale, ...(labels ? { labels } : {}) })));
  const html = [renderToStaticMarkup(createElement(Statement, props)), ...explanations].join('\n');
  return html.replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ');
}

/** The words of the plan builder and of the approver's review (UI words only: plan labels are the plan's data). */
const EN_STAFF = ['Metric library', 'Undo', 'Redo', 'Payment conditions', 'Problems', 'The plan is valid', 'Parameters', 'Tables', 'Payouts', 'Line filters', 'Sheets and formulas', 'Blocked partners', 'No partner is blocked', 'Comments', 'Remove', 'Apply'];
const IT_STAFF = ['Libreria di metriche', 'Annulla', 'Ripeti', 'Condizioni di pagamento', 'Problemi', 'Il piano è valido', 'Parametri', 'Tabelle', 'Pagamenti', 'Filtri delle righe', 'Fogli e formule', 'Partner bloccati', 'Nessun partner bloccato', 'Commenti', 'Rimuovi', 'Applica'];

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ');

describe('no word of the other language on the plan and period pages', () => {
  it('the plan builder, every tab, in Italian and in English (the advanced JSON view aside)', () => {
    for (const plan of sample.plans) {
      for (const [locale, own, other] of [
        ['it', IT_STAFF, EN_STAFF],
        ['en', EN_STAFF, IT_STAFF],
      ] as const) {
        const html = BUILDER_SECTIONS.map((section) =>
          renderToStaticMarkup(createElement(PlanBuilder, { plan, onChange: () => {}, factSchema: sample.factSchema, locale, initialSection: section })).replace(/<details class="pv-json">[\s\S]*<\/details>/, ''),
        ).join('\n');
        const text = textOf(html);
        // the page is the real thing: its own words are there
        expect(foreign(text, own).length, `${plan.id} ${locale}`).toBeGreaterThan(8);
        expect(foreign(text, other), `${plan.id} ${locale}`).toEqual([]);
      }
    }
  });

  it("the approver's review of the calculated period, in Italian and in English", async () => {
    const cookie = await session('approver');
    const res = await fetch(`${studio.url}/api/periods/${period}/review`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const review = (await res.json()) as Review;
    for (const [locale, own, other] of [
      ['it', IT_STAFF, EN_STAFF],
      ['en', EN_STAFF, IT_STAFF],
    ] as const) {
      const text = textOf(renderToStaticMarkup(createElement(PeriodReview, { review, locale, canComment: true, busy: false, onComment: async () => true })));
      expect(foreign(text, own).length, locale).toBeGreaterThan(1);
      expect(foreign(text, other), locale).toEqual([]);
    }
  });

  it('a blocked partner\'s reasons in the reader\'s language (core gives each reason in Italian and English)', async () => {
    const cookie = await session('approver');
    const review = (await (await fetch(`${studio.url}/api/periods/${period}/review`, { headers: { cookie } })).json()) as Review;
    // a statement the approval would block: marked blocked, with no erroneous line of its own (core's own sentence)
    const statement = { partnerId: 'AGT-X', period, currency: 'EUR', lines: [], issues: [], blocked: true } as unknown as Parameters<typeof blockReasons>[0];
    const withBlocked: Review = { ...review, blocked: [{ partnerId: 'AGT-X', reasons: blockReasons(statement) }] };
    const render = (locale: 'it' | 'en') => textOf(renderToStaticMarkup(createElement(PeriodReview, { review: withBlocked, locale, canComment: true, busy: false, onComment: async () => true })));
    expect(render('it')).toContain('il rendiconto di AGT-X è bloccato');
    expect(render('it')).not.toContain('is marked blocked');
    expect(render('en')).toContain('the statement of AGT-X is marked blocked');
  });
});

describe('no word of the other language', () => {
  const agency = sample.partners.find((p) => p.kind === 'agency' && p.language === 'it')!;
  const english = sample.partners.find((p) => p.language === 'en')!;

  it('the statement page in Italian and in English (held amounts, ledger, fiscal items)', async () => {
    const cookie = await session(agency.id.toLowerCase());
    const data = (await (await fetch(`${studio.url}/api/periods/${period}/statements/${agency.id}`, { headers: { cookie } })).json()) as Record<string, unknown>;
    const it = pageText(data, 'it');
    const en = pageText(data, 'en');
    // the pages are the real thing: the held amounts are there in both
    expect(it).toContain('In attesa di');
    expect(en).toContain('Waiting for');
    expect(foreign(it, EN_WORDS)).toEqual([]);
    expect(foreign(en, IT_WORDS)).toEqual([]);
  });

  it('the statement and invoice PDFs of an Italian and of an English partner', async () => {
    for (const [partner, words, own] of [
      [agency, EN_WORDS, 'Netto a pagare'],
      [english, IT_WORDS, 'Net to pay'],
    ] as const) {
      const cookie = await session(partner.id.toLowerCase());
      for (const file of ['statement.pdf', 'invoice.pdf']) {
        const res = await fetch(`${studio.url}/api/periods/${period}/statements/${partner.id}/${file}`, { headers: { cookie } });
        expect(res.status, `${partner.id} ${file}`).toBe(200);
        const path = join(dir, `${partner.id}-${file}`);
        writeFileSync(path, Buffer.from(await res.arrayBuffer()));
        const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
        if (file === 'invoice.pdf') expect(text).toContain(own);
        expect(foreign(text, words), `${partner.id} ${file}`).toEqual([]);
      }
    }
  });
});
