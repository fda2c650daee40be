/**
 * @module sandbox/run-options — options of one run.
 */
import type { SandboxTool } from "../code-mode/dispatcher.js";
import { invalidConfig, type SandboxLimits } from "../options/options.js";

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

/** Checks what `resolveLimits` does not: a bad signal would otherwise fail deep inside the queue. */
export function validateRunOptions(options: RunOptions): void {
  const { signal, callId, limits } = options;
  if (
    signal !== undefined &&
    (typeof signal !== "object" ||
      signal === null ||
      typeof signal.aborted !== "boolean" ||
      typeof signal.addEventListener !== "function" ||
      typeof signal.removeEventListener !== "function")
  ) {
    throw invalidConfig("options.signal", "an AbortSignal", signal);
  }
  if (callId !== undefined && (typeof callId !== "string" || callId === "")) {
    throw invalidConfig("options.callId", "a non-empty string", callId);
  }
  const memoryMb = (limits as { memoryMb?: unknown } | undefined)?.memoryMb;
  if (memoryMb !== undefined) {
    throw invalidConfig(
      "options.limits.memoryMb",
      "left unset (memoryMb is set on the Sandbox, whose workers it sizes)",
      memoryMb,
    );
  }
}
