// A separate process that opens one store target and prints, as one JSON line, how the opening was refused (or
// `{"opened":true}`). The tests of a folder the user may not write run it: as root, with CAP_DAC_OVERRIDE dropped
// (setpriv), because root writes anywhere and the refusal could not happen in the test's own process.
// Usage: node --conditions=@provvigo/source --import tsx openChild.ts <target>
import { openDatabase } from '../../src/index.js';

const target = process.argv[2] ?? '';
try {
  const db = await openDatabase(target);
  await db.close();
  process.stdout.write(`${JSON.stringify({ opened: true })}\n`);
} catch (error) {
  const { message, messages } = error as { message: string; messages?: { en: string; it: string } };
  process.stdout.write(`${JSON.stringify({ message, messages })}\n`);
}
