// A billing system sending signed webhooks, as its own process: N deliveries with 10% duplicate deliveries, 5% bad
// signatures and 1% replayed (stale) timestamps. Network errors are retried like real senders do (at least once).
// A third of the ids are integers above 2^53 (sent as bare JSON numbers), a third are 300 characters long and share
// their first 280; occurredAt is often an instant on a Europe/Rome DST changeover night or at a month end.
// Prints one JSON summary line, with the date each valid event must get (worked out by hand, below).
import { request, Agent } from 'node:http';
import { signStandardWebhook } from '../../src/verify.js';

const env = process.env;
const url = new URL(env.URL!);
const total = Number(env.N ?? 5000);
const now = Number(env.NOW);
const secret = env.SECRET!;
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

type Kind = 'valid' | 'duplicate' | 'badsig' | 'stale';
interface Delivery {
  kind: Kind;
  id: string;
  body: string;
}

const deliveries: Delivery[] = [];
const validIds: string[] = [];
const counts = { duplicate: Math.round(total * 0.1), badsig: Math.round(total * 0.05), stale: Math.round(total * 0.01) };
const validCount = total - counts.duplicate - counts.badsig - counts.stale;
/**
 * Instants and their calendar date in Europe/Rome, by hand from the EU rule: +02:00 from 01:00 UTC on 29 March 2026
 * to 01:00 UTC on 25 October 2026, +01:00 otherwise.
 */
const INSTANTS: [string, string][] = [
  ['2026-03-28T23:30:00Z', '2026-03-29'], // 00:30 +01:00
  ['2026-03-29T00:59:59Z', '2026-03-29'], // 01:59:59 +01:00, just before the jump
  ['2026-03-29T01:00:00Z', '2026-03-29'], // 03:00 +02:00
  ['2026-03-29T22:30:00Z', '2026-03-30'], // 00:30 +02:00
  ['2026-03-31T22:30:00Z', '2026-04-01'], // month end, summer time
  ['2026-10-24T22:30:00Z', '2026-10-25'], // 00:30 +02:00
  ['2026-10-25T00:30:00Z', '2026-10-25'], // 02:30 +02:00, first pass
  ['2026-10-25T01:30:00Z', '2026-10-25'], // 02:30 +01:00, second pass
  ['2026-10-25T23:30:00Z', '2026-10-26'], // 00:30 +01:00
  ['2026-10-31T22:30:00Z', '2026-10-31'], // 23:30 +01:00: still October
  ['2026-10-31T23:30:00Z', '2026-11-01'], // 00:30 +01:00: November
  ['2026-06-30T22:30:00Z', '2026-07-01'], // month end, summer time
  ['2026-01-31T23:30:00Z', '2026-02-01'], // month end, winter time
  ['2026-10-10T10:00:00Z', '2026-10-10'],
];
const BIG = 2n ** 53n;
const idOf = (i: number): string =>
  i % 3 === 1 ? String(BIG + BigInt(i)) : i % 3 === 2 ? `${'L'.repeat(280)}_${String(i).padStart(19, '0')}` : `msg_${i}`;
const body = (i: number, id: string) => {
  // bare JSON number for the big ids: JSON.stringify cannot write them, a real sender's serializer does
  const idJson = /^\d+$/.test(id) ? id : JSON.stringify(id);
  const rest = JSON.stringify({
    type: ['contract.activated', 'invoice.first_paid', 'contract.terminated', 'contract.switched_out', 'ee_order.delivered'][i % 5],
    occurredAt: INSTANTS[i % INSTANTS.length]![0],
    contract: { id: `8007Q${String(i).padStart(13, '0')}`, partnerCode: `AGT-${String((i % 9) + 1).padStart(4, '0')}` },
  });
  return `{"id":${idJson},${rest.slice(1)}`;
};
const expectedDates: Record<string, string> = {};
for (let i = 0; i < validCount; i++) {
  const id = idOf(i);
  validIds.push(id);
  expectedDates[id] = INSTANTS[i % INSTANTS.length]![1];
  deliveries.push({ kind: 'valid', id, body: body(i, id) });
}
// duplicates re-deliver earlier events; bad and stale ones carry their own ids
for (let k = 0; k < counts.duplicate; k++) {
  const i = (k * 7) % validCount;
  deliveries.push({ kind: 'duplicate', id: idOf(i), body: body(i, idOf(i)) });
}
for (let k = 0; k < counts.badsig; k++) deliveries.push({ kind: 'badsig', id: `bad_${k}`, body: body(100_000 + k, `bad_${k}`) });
for (let k = 0; k < counts.stale; k++) deliveries.push({ kind: 'stale', id: `stale_${k}`, body: body(200_000 + k, `stale_${k}`) });
// deterministic shuffle so duplicates interleave with first deliveries
let seed = 42;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
for (let i = deliveries.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
}

function sendOnce(d: Delivery): Promise<number> {
  const ts = d.kind === 'stale' ? now - 3600 : now;
  const signature = signStandardWebhook(d.kind === 'badsig' ? 'whsec_' + Buffer.from('not the secret').toString('base64') : secret, d.id, ts, d.body);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: '/webhooks/billing', method: 'POST', agent, headers: { 'content-type': 'application/json', 'webhook-id': d.id, 'webhook-timestamp': String(ts), 'webhook-signature': signature } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(d.body);
  });
}

const statusByKind: Record<Kind, Record<string, number>> = { valid: {}, duplicate: {}, badsig: {}, stale: {} };
let networkRetries = 0;
let next = 0;
async function worker(): Promise<void> {
  while (next < deliveries.length) {
    const d = deliveries[next++]!;
    for (let attempt = 0; ; attempt++) {
      try {
        const status = await sendOnce(d);
        if (status === 503 && attempt < 400) {
          await new Promise((r) => setTimeout(r, 25));
          continue;
        }
        statusByKind[d.kind][status] = (statusByKind[d.kind][status] ?? 0) + 1;
        break;
      } catch {
        networkRetries++;
        if (attempt > 400) throw new Error(`gave up on ${d.id}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    }
  }
}
await Promise.all(Array.from({ length: 16 }, worker));
agent.destroy();
process.stdout.write(`${JSON.stringify({ total: deliveries.length, validIds, expectedDates, counts, statusByKind, networkRetries })}\n`);
