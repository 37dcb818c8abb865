export { createProgram, EXIT } from './program.js';
