import { parse } from 'content-disposition';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio } from '../server/app.js';
import type { StudioServer } from '../server/app.js';
import { downloadDisposition } from '../server/http/downloadDisposition.js';
import { loadSample, type SampleData } from '../server/sample.js';
import { demoUsers } from '../server/users.js';
import { loginCookie } from './login.js';

/**
 * Document downloads are named after the partner and the period, whose ids come from the data. A partner id with a
 * character beyond Latin-1 cannot be written in an HTTP header as it is, so every download of that partner answered
 * 500; a quote in it ended the quoted file name. The header now carries the exact name encoded (RFC 8187).
 */
const PASSWORD = 'test-password';
const ID = 'AGENZIA "ŁÓDŹ"';

/** The sample with its first agent renamed to `id`, in the partner list and in every fact table's partner column. */
function sampleWithPartnerId(id: string): { sample: SampleData; old: string } {
  const sample = loadSample();
  const old = sample.partners.find((p) => p.kind === 'agent')!.id;
  const partners = sample.partners.map((p) => (p.id === old ? { ...p, id } : p));
  const facts = Object.fromEntries(
    Object.entries(sample.facts).map(([table, records]) => {
      const col = sample.factSchema.tables[table]!.partner;
      return [table, records.map((r) => (r[col] === old ? { ...r, [col]: id } : r))];
    }),
  );
  return { sample: { ...sample, partners, facts }, old };
}

describe('downloadDisposition', () => {
  it('writes an ASCII name as a plain file name (a token needs no quotes)', () => {
    expect(downloadDisposition('inline', ['AG001', '2026-10', 'invoice.pdf'])).toBe('inline; filename=AG001-2026-10-invoice.pdf');
    expect(downloadDisposition('attachment', ['Rossi Srl', '2026-10.xlsx'])).toBe('attachment; filename="Rossi Srl-2026-10.xlsx"');
  });

  it('writes any id as a valid header that browsers read back as the exact name, path separators excepted', () => {
    for (const [parts, name] of [
      [[ID, '2026-10', 'invoice.pdf'], `${ID}-2026-10-invoice.pdf`],
      [['Città 🚀', '2026-10.xlsx'], 'Città 🚀-2026-10.xlsx'],
      [['a/b\\c', '2026-10.xlsx'], 'a_b_c-2026-10.xlsx'],
    ] as const) {
      const header = downloadDisposition('attachment', parts);
      // the Fetch API refuses what an HTTP header cannot carry
      expect(() => new Headers({ 'content-disposition': header })).not.toThrow();
      expect(parse(header)).toEqual({ type: 'attachment', parameters: { filename: name } });
    }
  });
});

describe('document downloads of a partner whose id is beyond Latin-1', () => {
  let studio: StudioServer;
  let sample: SampleData;
  beforeAll(async () => {
    ({ sample } = sampleWithPartnerId(ID));
    studio = await startStudio({ db: 'memory://', sample, users: await demoUsers(sample.partners, PASSWORD), now: () => '2026-11-05T09:00:00Z' });
    const designer = await loginCookie(studio.url, 'designer', PASSWORD);
    const approver = await loginCookie(studio.url, 'approver', PASSWORD);
    const post = (cookie: string, path: string) => fetch(`${studio.url}/api/periods/${sample.period.id}/${path}`, { method: 'POST', headers: { cookie } });
    expect((await post(designer, 'calculate')).status).toBe(200);
    expect((await post(approver, 'validate')).status).toBe(200);
    expect((await post(approver, 'approve')).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await studio?.close();
  });

  it('serves its statement PDF and workbook named after it', async () => {
    const finance = await loginCookie(studio.url, 'finance', PASSWORD);
    const base = `${studio.url}/api/periods/${sample.period.id}/statements/${encodeURIComponent(ID)}`;
    for (const [file, type, name] of [
      ['statement.pdf', 'inline', `${ID}-${sample.period.id}-statement.pdf`],
      ['workbook.xlsx', 'attachment', `${ID}-${sample.period.id}.xlsx`],
    ] as const) {
      const r = await fetch(`${base}/${file}`, { headers: { cookie: finance } });
      expect([file, r.status]).toEqual([file, 200]);
      expect(parse(r.headers.get('content-disposition')!)).toEqual({ type, parameters: { filename: name } });
      expect((await r.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
  });
});
