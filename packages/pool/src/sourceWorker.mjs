// Running from TypeScript sources (tests, `pnpm bench`): piscina imports this file in each worker thread; it registers
// tsx there and hands piscina the TypeScript handler. Built packages use dist/worker.js instead.
const { register } = await import('tsx/esm/api');
register();
const handler = await import('./worker.ts');
export default handler.default;
