// A billing system sending signed webhooks, as its own process: N deliveries with 10% duplicate deliveries, 5% bad
// signatures and 1% replayed (stale) timestamps. Network errors are retried like real senders do (at least once).
// Prints one JSON summary line.
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
const body = (i: number) =>
  JSON.stringify({
    type: ['contract.activated', 'invoice.first_paid', 'contract.terminated', 'contract.switched_out', 'ee_order.delivered'][i % 5],
    occurredAt: `2026-10-${String((i % 28) + 1).padStart(2, '0')}T10:00:00Z`,
    contract: { id: `8007Q${String(i).padStart(13, '0')}`, partnerCode: `AGT-${String((i % 9) + 1).padStart(4, '0')}` },
  });
for (let i = 0; i < validCount; i++) {
  const id = `msg_${i}`;
  validIds.push(id);
  deliveries.push({ kind: 'valid', id, body: body(i) });
}
// duplicates re-deliver earlier events; bad and stale ones carry their own ids
for (let k = 0; k < counts.duplicate; k++) {
  const i = (k * 7) % validCount;
  deliveries.push({ kind: 'duplicate', id: `msg_${i}`, body: body(i) });
}
for (let k = 0; k < counts.badsig; k++) deliveries.push({ kind: 'badsig', id: `bad_${k}`, body: body(100_000 + k) });
for (let k = 0; k < counts.stale; k++) deliveries.push({ kind: 'stale', id: `stale_${k}`, body: body(200_000 + k) });
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
process.stdout.write(`${JSON.stringify({ total: deliveries.length, validIds, counts, statusByKind, networkRetries })}\n`);
