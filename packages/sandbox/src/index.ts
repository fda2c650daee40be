/** @module @openloop/sandbox — An isolated-vm code runner in worker processes, and the hosted code-runner tool. */
export type { SandboxTool } from "./code-mode/dispatcher.js";
export {
  type CodeRunnerArgs,
  type CodeRunnerOptions,
  type CodeRunnerOutcome,
  type CodeRunnerTool,
  codeRunner,
} from "./hosted/code-runner.js";
export {
  type CodeInterpreterCallItem,
  type CodeInterpreterItemType,
  containerIdOf,
  toCodeInterpreterItem,
} from "./hosted/item.js";
export { renderForModel } from "./hosted/render.js";
export {
  DEFAULT_LIMITS,
  MAX_TIMEOUT_MS,
  type SandboxLimits,
  type SandboxOptions,
} from "./options/options.js";
export type { WorkerStats } from "./pool/worker-pool.js";
export type { RunError, RunResult, RunStats, RunStatus, RunValue, SessionInfo } from "./sandbox/result.js";
export type { RunLimits, RunOptions } from "./sandbox/run-options.js";
export { Sandbox, type SandboxStats } from "./sandbox/sandbox.js";
export { SandboxSession } from "./sandbox/session.js";
