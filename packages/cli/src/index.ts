/** @module @openloop/cli — The openloop command: headless runs, the demo replay, serve. */
export { EXIT, type ExitCode, exitCodeFor } from "./exit-codes.js";
export type { CliIO, Input, Output } from "./io.js";
export { main } from "./main.js";
