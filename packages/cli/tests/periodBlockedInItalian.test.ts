// `period validate` tells the approver, in the CLI's language, what `period approve` will block, in the same words:
// a partner whose contract has a category the sample plan's rate table does not have (its commission line cannot be
// computed) is printed by both with the line's id and the line's own error in Italian, read back from the store.
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FactRecord, StatementLine } from '@provvigo/core';
import { Store, openDatabase } from '@provvigo/store';
import { periodApprove, periodCalculate, periodOpen, periodValidate } from '../src/commands/period.js';
import { capture } from './helpers/capture.js';
import { example, removeFolders, sampleInputs, tempStore } from './helpers/tempStore.js';
import { inItalian } from './helpers/inItalian.js';

const BLOCKED = 'AGT-0003';

/** A copy of the sample facts whose first contract of BLOCKED gets an unknown category; its id. */
async function badFacts(dir: string): Promise<{ facts: string; contract: string }> {
  const facts = join(dir, 'facts');
  await cp(join(example, 'fixtures/small/facts'), facts, { recursive: true });
  const contracts = JSON.parse(await readFile(join(facts, 'contracts.json'), 'utf8')) as FactRecord[];
  const first = contracts.findIndex((c) => c['partnerId'] === BLOCKED);
  contracts[first] = { ...contracts[first]!, category: 'IDROGENO' };
  await writeFile(join(facts, 'contracts.json'), JSON.stringify(contracts, null, 2));
  return { facts, contract: String(contracts[first]!['id']) };
}

/** The stored line computed from `contract`, as the run recorded it. */
async function storedLine(db: string, contract: string): Promise<StatementLine> {
  const store = await Store.open(await openDatabase(db));
  try {
    const statement = (await store.getEvaluated('2026-10-r1')).find((s) => s.partnerId === BLOCKED)!;
    return statement.lines.find((l) => l.source?.id === contract)!;
  } finally {
    await store.close();
  }
}

/** The line a command printed about `partner` on stderr. */
const blockedLine = (errors: string, partner: string): string | undefined => errors.split('\n').find((l) => l.startsWith(`bloccato ${partner}: `));

describe('period validate and approve in Italian name a blocked partner alike', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => void ({ dir, db } = await tempStore('provvigo-blocked-it-')));
  afterAll(() => removeFolders(dir, db));

  it("validate prints the line's error in Italian, as approve then does", async () => {
    const base = { db, period: '2026-10' };
    const { facts, contract } = await badFacts(dir);
    expect(await periodOpen({ ...base, as: 'carla' }, capture().io)).toBe(0);
    expect(await periodCalculate({ ...base, ...sampleInputs, facts: [facts], as: 'carla' }, capture().io)).toBe(1);
    const line = await storedLine(db, contract);
    expect(line.status).toBe('error');
    const issue = line.issues.find((i) => i.severity === 'error')!;
    expect(issue.messages?.it).toBeDefined();
    expect(issue.messages?.it).not.toBe(issue.message); // the check below tells Italian from English

    const validated = capture();
    expect(await inItalian(() => periodValidate({ ...base, as: 'carla' }, validated.io))).toBe(1);
    const said = blockedLine(validated.errors(), BLOCKED);
    expect(said).toContain(`${line.id}: ${issue.messages!.it}`);
    expect(said).not.toContain(issue.message);

    const approved = capture();
    expect(await inItalian(() => periodApprove({ ...base, as: 'anna' }, approved.io))).toBe(1);
    expect(blockedLine(approved.errors(), BLOCKED)).toBe(said);
  }, 180_000);
});
