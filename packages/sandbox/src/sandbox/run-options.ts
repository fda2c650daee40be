/**
 * @module sandbox/run-options — options of one run.
 */
import type { SandboxTool } from "../code-mode/dispatcher.js";
import type { SandboxLimits } from "../options/options.js";

/** Limits a single run may change (`memoryMb` is the Sandbox's alone: it sizes the workers). */
export type RunLimits = Omit<SandboxLimits, "memoryMb">;

/** Options of `sandbox.run(code, options)` and `session.run(code, options)`. */
export interface RunOptions<TContext = unknown> {
  /** Cancels the run: a queued run resolves `aborted` at once; a running one is stopped. */
  signal?: AbortSignal;
  /**
   * Wall-clock deadline of this run, at most 30000.
   * @default the Sandbox's `limits.timeoutMs` (5000)
   */
  timeoutMs?: number;
  /** Other per-run limits, over the Sandbox's. */
  limits?: Partial<RunLimits>;
  /**
   * Tools callable as `await tools.name(args)` in this run, instead of the Sandbox's.
   * @default the Sandbox's `tools`
   */
  tools?: readonly SandboxTool[];
  /** Passed to tools as `ctx.runContext`. */
  context?: TContext;
  /**
   * Prefix of the `ctx.callId` tools receive (`<callId>/<tool>#<n>`); `codeRunner` passes the
   * model's call id here.
   * @default the run's own id
   */
  callId?: string;
}
