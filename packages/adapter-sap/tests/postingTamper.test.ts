import { migrate, openDatabase, type Db } from '@provvigo/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAP_MIGRATIONS, SqlPostingLog, postingRecordHash, verifySapPostings, type PostingRecord } from '../src/index.js';
// the store's test helper: tamper with triggers off, verify, roll back
import { tamperedFindings } from '../../store/tests/helpers/tamper.js';
import { pendingPosting } from './fixtures.js';

const base = pendingPosting;
const posted: PostingRecord = { ...base, state: 'posted', sapDocument: '5105600001', sapFiscalYear: '2026', resolution: 'created', updatedAt: '2026-11-30T10:00:02.000Z' };
const pending: PostingRecord = { ...base, key: 'IT01/17300002/CM2/2026', invoiceNumber: 'CM2', reference: 'CM2', partnerId: 'P00002', supplier: '17300002' };
// the run's `post` entry recorded the posted row's hash, from the record the poster saved (not read back)
const recorded = new Map([[posted.key, { hash: postingRecordHash(posted), where: 'entry #9 (run.post by anna)' }]]);

let db: Db;
beforeAll(async () => {
  db = await openDatabase('memory://');
  await migrate(db, SAP_MIGRATIONS);
  const log = new SqlPostingLog(db);
  await log.save(base);
  await log.save(posted); // pending → posted: allowed
  await log.save(pending);
});
afterAll(async () => {
  await db.close();
});

/** Runs `sql` with the table's triggers off (as someone with database rights would), verifies, and rolls back. */
const tampered = (sql: string) => tamperedFindings(db, 'sap_postings', sql, () => verifySapPostings(db, recorded));

describe('the SAP posting log: a posted row is frozen and tamper-evident', () => {
  it('verifies clean; a pending row still moves, a posted row and the table refuse every rewrite', async () => {
    expect(await verifySapPostings(db, recorded)).toEqual([]);
    await new SqlPostingLog(db).save({ ...pending, attempts: 2, state: 'unknown' });
    for (const sql of [
      `UPDATE sap_postings SET gross_amount = '12200.00' WHERE key = '${posted.key}'`,
      `UPDATE sap_postings SET state = 'failed' WHERE key = '${posted.key}'`,
      `DELETE FROM sap_postings WHERE key = '${posted.key}'`,
      `DELETE FROM sap_postings WHERE key = '${pending.key}'`,
      `TRUNCATE sap_postings`,
    ]) {
      await expect(db.query(sql), sql).rejects.toThrow(/provvigo: sap_postings/);
    }
    await expect(new SqlPostingLog(db).save({ ...posted, grossAmount: '1.00' })).rejects.toThrow(/sap_postings row .* is posted and cannot change/);
    expect(await verifySapPostings(db, recorded)).toEqual([]);
  });

  it('finds a posted amount, currency or SAP document edited, or the row deleted, with the triggers off', async () => {
    const edited = /sap_postings IT01\/17300001\/CM1\/2026: its content .* is not the one entry #9 \(run.post by anna\) recorded/;
    expect(await tampered(`UPDATE sap_postings SET gross_amount = '12200.00' WHERE key = '${posted.key}'`)).toMatch(edited);
    expect(await tampered(`UPDATE sap_postings SET currency = 'CHF' WHERE key = '${posted.key}'`)).toMatch(edited);
    expect(await tampered(`UPDATE sap_postings SET sap_document = '5105600999' WHERE key = '${posted.key}'`)).toMatch(edited);
    expect(await tampered(`DELETE FROM sap_postings WHERE key = '${posted.key}'`)).toMatch(/sap_postings IT01\/17300001\/CM1\/2026: is missing: entry #9 \(run.post by anna\) recorded it/);
  });

  it('words each finding in Italian too, naming the entry as the caller names it in Italian', async () => {
    const where = { en: 'entry #9 (run.post by anna)', it: 'voce n. 9 (run.post di anna)' };
    const both = new Map([[posted.key, { hash: postingRecordHash(posted), where }]]);
    // the findings with their Italian as the message the helper prints
    const inItalian = (sql: string) =>
      tamperedFindings(db, 'sap_postings', sql, async () => (await verifySapPostings(db, both)).map((p) => ({ ...p, message: p.messages.it })));
    expect(await inItalian(`UPDATE sap_postings SET gross_amount = '12200.00' WHERE key = '${posted.key}'`)).toBe(
      'sap_postings IT01/17300001/CM1/2026: il suo contenuto (importo, valuta, partner, documento SAP, stato) non è quello registrato dalla voce n. 9 (run.post di anna)',
    );
    expect(await inItalian(`DELETE FROM sap_postings WHERE key = '${posted.key}'`)).toBe("sap_postings IT01/17300001/CM1/2026: manca: l'aveva registrata la voce n. 9 (run.post di anna)");
    // English stays as it was, in `message` and in `messages.en`
    const english = await tamperedFindings(db, 'sap_postings', `DELETE FROM sap_postings WHERE key = '${posted.key}'`, async () =>
      (await verifySapPostings(db, both)).map((p) => ({ ...p, message: `${p.message} | ${p.messages.en}` })),
    );
    expect(english).toBe('sap_postings IT01/17300001/CM1/2026: is missing: entry #9 (run.post by anna) recorded it | is missing: entry #9 (run.post by anna) recorded it');
  });
});
