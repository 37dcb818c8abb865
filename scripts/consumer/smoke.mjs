// The installed packages at work, not only importable: evaluates a one-line plan through @provvigo/core with the
// HyperFormula cross-check from @provvigo/core/hyperformula, explains the line in Italian, and builds the CLI program.
// The same program runs as CommonJS (smoke.cjs); both print one JSON line that scripts/test-consumer.mjs checks.
import * as core from '@provvigo/core';
import { hyperFormulaEngine } from '@provvigo/core/hyperformula';
import { createProgram } from '@provvigo/cli';
import { tinyRun } from './tinyRun.mjs';

console.log(JSON.stringify(tinyRun(core, hyperFormulaEngine, createProgram)));
