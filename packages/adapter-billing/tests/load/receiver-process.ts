// The webhook receiver as its own process, for the load and crash test. Prints "READY <port>" when listening.
// CRASH_AFTER=n: SIGKILL itself right after the n-th event is durably stored and before it is acknowledged or
// processed — the worst moment for a crash.
import { openDatabase } from '@provvigo/store';
import { BillingMappingSchema } from '../../src/mapping.js';
import { createWebhookHandler, startWebhookServer } from '../../src/receiver.js';
import { migrateBilling, processInbox } from '../../src/store.js';
import { middlewareWebhookMapping } from '../../src/testing/index.js';
import { standardWebhooksVerifier } from '../../src/verify.js';

const env = process.env;
const db = await openDatabase(env.DB_URL!, { schema: env.DB_SCHEMA!, poolSize: 8 });
await migrateBilling(db);
const base = middlewareWebhookMapping();
// the event id is read from the body (`id`, a bare JSON number for some events), not from the webhook-id header
const mapping = BillingMappingSchema.parse({ ...base, fields: { ...base.fields, eventId: 'id' } });
const crashAfter = Number(env.CRASH_AFTER ?? 0);
let stored = 0;
const handler = createWebhookHandler({
  db,
  mapping,
  verifier: standardWebhooksVerifier({ secrets: [env.SECRET!] }),
  nowSeconds: () => Number(env.NOW),
  onStored: (_id, duplicate) => {
    if (!duplicate && ++stored === crashAfter) process.kill(process.pid, 'SIGKILL');
  },
});
const server = await startWebhookServer(handler, { port: Number(env.PORT) });
// Processing runs apart from receiving: it drains the inbox in the background.
let stopping = false;
const loop = (async () => {
  while (!stopping) {
    await processInbox(db, mapping, { batchSize: 200 });
    await new Promise((r) => setTimeout(r, 150));
  }
})();
process.on('SIGTERM', () => {
  stopping = true;
  void (async () => {
    await server.close();
    await loop;
    await processInbox(db, mapping);
    await db.close();
    process.exit(0);
  })();
});
process.stdout.write(`READY ${new URL(server.url).port}\n`);
