// smoke.mjs as CommonJS: the same checks through the packages' "require" entry points.
const core = require('@provvigo/core');
const { hyperFormulaEngine } = require('@provvigo/core/hyperformula');
const { createProgram } = require('@provvigo/cli');

import('./tinyRun.mjs').then(({ tinyRun }) => console.log(JSON.stringify(tinyRun(core, hyperFormulaEngine, createProgram))));
