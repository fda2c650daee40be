/**
 * @module run/check-options — the per-run options, checked before anything runs, with the same
 * message template as the agent's: ``Expected `signal` to be an AbortSignal, got `"x"` (string)``.
 */
import { OpenloopError } from "@openloop/protocol";
import type { RunOptions } from "./options.js";

/**
 * Checks `options` (the session and history are checked with the session) and returns them.
 *
 * @throws {OpenloopError} code `invalid_config` naming the option.
 */
export function checkRunOptions(options: unknown): RunOptions<unknown> {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new OpenloopError(
      "invalid_config",
      `Expected the run's options to be an object, got \`${show(options)}\` (${kind(options)})`,
    );
  }
  const { signal, toolQueue, previousResponseId } = options as RunOptions<unknown>;
  if (signal !== undefined && !isAbortSignal(signal)) expected("signal", "an AbortSignal", signal);
  if (toolQueue !== undefined && typeof (toolQueue as { add?: unknown } | null)?.add !== "function")
    expected("toolQueue", "a PQueue (new PQueue({ concurrency }))", toolQueue);
  if (
    previousResponseId !== undefined &&
    (typeof previousResponseId !== "string" || previousResponseId === "")
  )
    expected("previousResponseId", "a response id (a non-empty string)", previousResponseId);
  return options as RunOptions<unknown>;
}

function isAbortSignal(value: unknown): value is AbortSignal {
  if (value instanceof AbortSignal) return true;
  // A signal from another realm or polyfill: what the loop uses of it.
  const s = value as Partial<AbortSignal> | null;
  return (
    typeof s === "object" &&
    s !== null &&
    typeof s.aborted === "boolean" &&
    typeof s.addEventListener === "function" &&
    typeof s.removeEventListener === "function"
  );
}

function expected(key: string, what: string, value: unknown): never {
  throw new OpenloopError(
    "invalid_config",
    `Expected \`${key}\` to be ${what}, got \`${show(value)}\` (${kind(value)})`,
  );
}

function kind(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

function show(value: unknown): string {
  if (typeof value === "function") return "function";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
