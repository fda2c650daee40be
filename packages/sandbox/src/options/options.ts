/**
 * @module options — every knob of a {@link Sandbox}, its default, and its validation.
 *
 * Options are validated once, at construction (and per-run overrides at `run`), and a bad value
 * throws an `OpenloopError` with code `invalid_config` and one message template — a
 * configuration mistake is a programmer error, not a fault in sandboxed code.
 */
import { availableParallelism } from "node:os";
import { OpenloopError } from "@openloop/protocol";
import type { SandboxTool } from "../code-mode/dispatcher.js";

/** The hard ceiling on `timeoutMs`: a run never gets more than 30 seconds of wall-clock time. */
export const MAX_TIMEOUT_MS = 30_000;

/** Per-run resource limits. Sizes of text are counted in characters (UTF-16 code units). */
export interface SandboxLimits {
  /**
   * Wall-clock deadline of a run, covering synchronous code, awaited promises and tool calls.
   * @default 5000 (at most 30000)
   */
  timeoutMs: number;
  /**
   * Heap limit of the isolate, in MB (isolated-vm's `memoryLimit`, minimum 8).
   * @default 64
   */
  memoryMb: number;
  /**
   * Captured `stdout`, and separately `stderr`: beyond this, the middle is replaced by a notice
   * and the head and tail are kept.
   * @default 65536
   */
  maxOutputChars: number;
  /**
   * The result's JSON text; a larger result keeps only its preview (`json: null`).
   * @default 32768
   */
  maxResultChars: number;
  /**
   * Source code size, in UTF-8 bytes.
   * @default 262144
   */
  maxCodeBytes: number;
  /**
   * Tool calls (`await tools.name(args)`) per run.
   * @default 100
   */
  maxToolCalls: number;
  /**
   * JSON text of one tool call's arguments.
   * @default 262144
   */
  maxToolArgsChars: number;
  /**
   * Text of one tool call's result as handed back to the code.
   * @default 262144
   */
  maxToolResultChars: number;
}

/** The defaults of {@link SandboxLimits}. */
export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  timeoutMs: 5_000,
  memoryMb: 64,
  maxOutputChars: 64 * 1024,
  maxResultChars: 32 * 1024,
  maxCodeBytes: 256 * 1024,
  maxToolCalls: 100,
  maxToolArgsChars: 256 * 1024,
  maxToolResultChars: 256 * 1024,
});

/** Options of `new Sandbox(options)`. */
export interface SandboxOptions {
  /**
   * Worker processes in the pool; each runs one isolate at a time.
   * @default Math.min(4, os.availableParallelism()), at least 2
   * @example { workers: 4 }
   */
  workers?: number;
  /**
   * Runs allowed to wait for a worker; `run` rejects with `sandbox_queue_full` beyond this.
   * @default 256
   */
  maxQueue?: number;
  /** Default limits of every run (see {@link SandboxLimits} for each default). */
  limits?: Partial<SandboxLimits>;
  /**
   * Tools callable from code as `await tools.name(args)` (see code mode in docs/sandbox.md).
   * @default []
   */
  tools?: readonly SandboxTool[];
  /**
   * A worker is replaced after this many runs (only when it holds no live session).
   * @default 200
   */
  recycleAfterRuns?: number;
  /**
   * The parent kills a worker whose resident memory exceeds this, in MB. isolated-vm may overshoot
   * `memoryMb` 2–3× before stopping a script, so keep this well above it.
   * @default 256 + 8 × limits.memoryMb
   */
  maxWorkerRssMb?: number;
  /**
   * How long past a run's deadline (or an abort) the parent waits before killing its worker.
   * @default 1000
   */
  killGraceMs?: number;
  /**
   * A session idle this long loses its state; its next cell reports `previousStateLost: "expired"`.
   * @default 600000 (10 minutes)
   */
  sessionTtlMs?: number;
  /**
   * Live sessions at most; the least recently used one is evicted beyond this.
   * @default 64
   */
  maxSessions?: number;
  /**
   * Consecutive worker start-up failures that open the crash-loop breaker, after which `run`
   * rejects with `sandbox_error` until `breakerCooldownMs` has passed.
   * @default 5
   */
  maxStartupFailures?: number;
  /** @default 30000 */
  breakerCooldownMs?: number;
  /**
   * Extra Node.js flags for worker processes (advanced; e.g. `--stack-size=...`). Workers always
   * get `--no-node-snapshot` and a `--max-old-space-size` sized to the memory limit.
   * @default []
   */
  execArgv?: readonly string[];
}

/** Options with every default filled in. */
export interface ResolvedSandboxOptions {
  workers: number;
  maxQueue: number;
  limits: SandboxLimits;
  tools: readonly SandboxTool[];
  recycleAfterRuns: number;
  maxWorkerRssMb: number;
  killGraceMs: number;
  sessionTtlMs: number;
  maxSessions: number;
  maxStartupFailures: number;
  breakerCooldownMs: number;
  execArgv: readonly string[];
}

/** Fills defaults and validates; throws `OpenloopError("invalid_config")` on a bad value. */
export function resolveSandboxOptions(options: SandboxOptions = {}): ResolvedSandboxOptions {
  if (typeof options !== "object" || options === null) {
    throw invalidConfig("options", "an object", options);
  }
  const limits = resolveLimits(DEFAULT_LIMITS, options.limits, "limits");
  const execArgv = options.execArgv ?? [];
  if (!Array.isArray(execArgv) || execArgv.some((a) => typeof a !== "string")) {
    throw invalidConfig("execArgv", "an array of strings", execArgv);
  }
  const tools = options.tools ?? [];
  validateTools(tools, "tools");
  return {
    workers: integer("workers", options.workers, Math.max(2, Math.min(4, availableParallelism())), 1),
    maxQueue: integer("maxQueue", options.maxQueue, 256, 0),
    limits,
    tools,
    recycleAfterRuns: integer("recycleAfterRuns", options.recycleAfterRuns, 200, 1),
    maxWorkerRssMb: integer("maxWorkerRssMb", options.maxWorkerRssMb, 256 + 8 * limits.memoryMb, 32),
    killGraceMs: integer("killGraceMs", options.killGraceMs, 1_000, 0),
    sessionTtlMs: integer("sessionTtlMs", options.sessionTtlMs, 600_000, 1),
    maxSessions: integer("maxSessions", options.maxSessions, 64, 1),
    maxStartupFailures: integer("maxStartupFailures", options.maxStartupFailures, 5, 1),
    breakerCooldownMs: integer("breakerCooldownMs", options.breakerCooldownMs, 30_000, 0),
    execArgv,
  };
}

/** Applies per-run overrides on top of `base`, validating them the same way. */
export function resolveLimits(
  base: Readonly<SandboxLimits>,
  overrides: Partial<SandboxLimits> | undefined,
  path: string,
): SandboxLimits {
  if (overrides === undefined) return { ...base };
  if (typeof overrides !== "object" || overrides === null) throw invalidConfig(path, "an object", overrides);
  const out: SandboxLimits = {
    timeoutMs: integer(`${path}.timeoutMs`, overrides.timeoutMs, base.timeoutMs, 1),
    memoryMb: integer(`${path}.memoryMb`, overrides.memoryMb, base.memoryMb, 8),
    maxOutputChars: integer(`${path}.maxOutputChars`, overrides.maxOutputChars, base.maxOutputChars, 64),
    maxResultChars: integer(`${path}.maxResultChars`, overrides.maxResultChars, base.maxResultChars, 64),
    maxCodeBytes: integer(`${path}.maxCodeBytes`, overrides.maxCodeBytes, base.maxCodeBytes, 1),
    maxToolCalls: integer(`${path}.maxToolCalls`, overrides.maxToolCalls, base.maxToolCalls, 0),
    maxToolArgsChars: integer(
      `${path}.maxToolArgsChars`,
      overrides.maxToolArgsChars,
      base.maxToolArgsChars,
      2,
    ),
    maxToolResultChars: integer(
      `${path}.maxToolResultChars`,
      overrides.maxToolResultChars,
      base.maxToolResultChars,
      2,
    ),
  };
  if (out.timeoutMs > MAX_TIMEOUT_MS) {
    throw invalidConfig(`${path}.timeoutMs`, `an integer from 1 to ${MAX_TIMEOUT_MS}`, out.timeoutMs);
  }
  return out;
}

/** Checks that every entry looks like a tool (`name`, `parseArguments`, `execute`), names unique. */
export function validateTools(tools: unknown, path: string): asserts tools is readonly SandboxTool[] {
  if (!Array.isArray(tools)) throw invalidConfig(path, "an array of tools", tools);
  const seen = new Set<string>();
  for (const [i, t] of tools.entries()) {
    const tool = t as Partial<SandboxTool> | null;
    if (
      typeof tool !== "object" ||
      tool === null ||
      typeof tool.name !== "string" ||
      !/^[A-Za-z_$][\w$]*$/.test(tool.name) ||
      typeof tool.parseArguments !== "function" ||
      typeof tool.execute !== "function"
    ) {
      throw invalidConfig(
        `${path}[${i}]`,
        "a tool with an identifier `name`, `parseArguments` and `execute`",
        t,
      );
    }
    if (seen.has(tool.name)) throw invalidConfig(`${path}[${i}].name`, "a unique tool name", tool.name);
    seen.add(tool.name);
  }
}

function integer(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw invalidConfig(name, `an integer from ${min} and up`, value);
  }
  return value;
}

/** ``Expected `name` to be <what>, got `value` (type)`` — the one message template for bad options. */
export function invalidConfig(name: string, what: string, value: unknown): OpenloopError {
  let shown: string;
  try {
    shown = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    shown = String(value);
  }
  if (shown.length > 80) shown = `${shown.slice(0, 77)}...`;
  const type = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
  return new OpenloopError(
    "invalid_config",
    `Expected \`${name}\` to be ${what}, got \`${shown}\` (${type})`,
    {
      param: name,
    },
  );
}
