// A separate process that performs one period step on a store, so a test can SIGKILL it at a random moment.
// Usage: node --conditions=@provvigo/source --import tsx periodChild.ts <target> <calculate|approve> <actor> <at> [dropContract]
import { Store, approvePeriod, calculatePeriod, openDatabase } from '../../src/index.js';
import { OCTOBER, sampleInputs } from './inputs.js';

const [target, step, actorId, at, drop] = process.argv.slice(2) as [string, string, string, string, string | undefined];
const inputs = sampleInputs();
if (drop !== undefined) inputs.facts.contracts = inputs.facts.contracts!.filter((_, i) => i !== Number(drop));
const store = await Store.open(await openDatabase(target));
const actor = { id: actorId, roles: ['calculator' as const, 'approver' as const] };
// the parent starts its kill timer when the step's transaction is about to begin
const onPhase = (phase: string): void => void process.stdout.write(`${phase}\n`);
if (step === 'calculate') await calculatePeriod(store, { periodId: OCTOBER.id, inputs, actor, at, onPhase });
else if (step === 'approve') await approvePeriod(store, { periodId: OCTOBER.id, actor, at, onPhase });
else throw new Error(`unknown step ${step}`);
process.stdout.write('done\n');
await store.close();
