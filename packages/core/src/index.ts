/**
 * `@provvigo/core`: commission plans as formula sheets, evaluated with HyperFormula, finalised in decimal money,
 * with a trace on every line. Pure: no IO, no clock, no global state.
 */
export * from './schema/index.js';
export type { RunInput, EvaluateOptions, RunSummary, StatementSink } from './evaluateTypes.js';
