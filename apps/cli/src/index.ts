/** @kubepath/cli — the command line, runnable in-process for tests. */
export { runCli, createProgram, VERSION } from './program.js';
export type { CliIo } from './io.js';
export { EXIT } from './io.js';
