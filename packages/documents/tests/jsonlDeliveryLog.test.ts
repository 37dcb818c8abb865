import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeliveryLogError, JsonlDeliveryLog, type DeliveryRecord } from '../src/index.js';

/**
 * The JSON-lines delivery log is read strictly: a line that is not a delivery record stops the reader with the file,
 * the line (blank lines counted) and the field, since a skipped "sent" record would send a partner's documents again;
 * the log's own writes never make a line unreadable.
 */
const record = (partnerId: string, attempt = 1): DeliveryRecord => ({
  key: `${partnerId}|2026-10|${'a'.repeat(64)}`,
  partnerId,
  period: '2026-10',
  documentHash: 'a'.repeat(64),
  invoiceNumber: `PV-2026/${partnerId}`,
  recipient: `${partnerId.toLowerCase()}@partners.example`,
  status: 'sent',
  messageId: `<${partnerId}@smtp.example>`,
  response: '250 OK',
  attempt,
  at: '2026-11-05T09:00:00.000Z',
});
const line = (r: DeliveryRecord) => JSON.stringify(r);

async function logFile(text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'provvigo-jsonl-log-')), 'deliveries.jsonl');
  await writeFile(file, text);
  return file;
}

/** [file, line, field, reason] of the error `list()` throws. */
async function refusal(file: string): Promise<unknown[]> {
  const error = await new JsonlDeliveryLog(file).list().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryLogError);
  const e = error as DeliveryLogError;
  return [e.file, e.line, e.field, e.reason];
}

describe('JsonlDeliveryLog', () => {
  it('names the line of text that is not JSON, counting blank lines', async () => {
    const file = await logFile(`${line(record('A1'))}\n\nnot json\n${line(record('B2'))}\n`);
    const [f, l, field, reason] = await refusal(file);
    expect([f, l, field]).toEqual([file, 3, undefined]);
    expect(reason).toMatch(/^not valid JSON: /);
  });

  it('names the line and field of a record missing a field or with one of the wrong type', async () => {
    const { documentHash: _h, ...missing } = record('B2');
    expect((await refusal(await logFile(`${line(record('A1'))}\n\n${JSON.stringify(missing)}\n`))).slice(1, 3)).toEqual([3, 'documentHash']);
    const mistyped = { ...record('B2'), attempt: '1' };
    expect((await refusal(await logFile(`${line(record('A1'))}\n${JSON.stringify(mistyped)}\n`))).slice(1, 3)).toEqual([2, 'attempt']);
    const notObject = await refusal(await logFile(`null\n`));
    expect(notObject.slice(1, 3)).toEqual([1, undefined]);
    expect(notObject[3]).toMatch(/^not a delivery record: /);
  });

  it('says a last line without its line break that is not JSON was cut short', async () => {
    const whole = line(record('B2'));
    const [, l, , reason] = await refusal(await logFile(`${line(record('A1'))}\n${whole.slice(0, 80)}`));
    expect(l).toBe(2);
    expect(reason).toMatch(/^the last line is cut short/);
  });

  it('names a folder given as the log', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provvigo-jsonl-log-'));
    await mkdir(join(dir, 'deliveries.jsonl'));
    expect(await refusal(join(dir, 'deliveries.jsonl'))).toEqual([join(dir, 'deliveries.jsonl'), undefined, undefined, 'this is a folder, not a file']);
  });

  it('reads a byte-order mark, CRLF line ends and blank lines; a missing file is an empty log', async () => {
    const file = await logFile(`\uFEFF${line(record('A1'))}\r\n\r\n${line(record('B2'))}\r\n`);
    expect((await new JsonlDeliveryLog(file).list()).map((r) => r.partnerId)).toEqual(['A1', 'B2']);
    expect(await new JsonlDeliveryLog(join(tmpdir(), 'provvigo-no-such-dir', 'x.jsonl')).list()).toEqual([]);
  });

  it('never appends a record to a last line left without its line break', async () => {
    const file = await logFile(line(record('A1')));
    const log = new JsonlDeliveryLog(file);
    await log.record(record('B2'));
    await log.record(record('C3'));
    expect((await log.list()).map((r) => r.partnerId)).toEqual(['A1', 'B2', 'C3']);
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(4);
  });
});
