// `node --import ./trace-register.mjs …`: registers trace-hooks.mjs, which appends every module URL the ES module
// loader resolves to the file named by PROVVIGO_TRACE_FILE.
import { register } from 'node:module';

register('./trace-hooks.mjs', import.meta.url, { data: { file: process.env.PROVVIGO_TRACE_FILE } });
