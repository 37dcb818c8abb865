// The bench runs from TypeScript sources: this registers tsx in the worker thread, then runs the TypeScript worker.
const { register } = await import('tsx/esm/api');
register();
await import('./twoAtOnceWorker.ts');
