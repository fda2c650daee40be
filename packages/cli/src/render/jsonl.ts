/**
 * @module render/jsonl — `--json`: one `RunEvent` per line on stdout, nothing else there.
 */
import type { RunEvent } from "@openloop/core";
import type { Output } from "../io.js";
import type { Renderer } from "./renderer.js";

/**
 * JSON for an event. Errors (a `run.failed` event's `RunError`, its `cause`) become plain objects
 * with their `name`, `code`, `message` and data, since `JSON.stringify` would drop the message; a
 * `RunState` serializes through its own `toJSON()`.
 */
export function eventToJSON(event: RunEvent): string {
  return JSON.stringify(event, replaceErrors);
}

function replaceErrors(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const out: Record<string, unknown> = { name: value.name, message: value.message };
  for (const [key, field] of Object.entries(value)) if (key !== "name") out[key] = field;
  if (value.cause !== undefined) out.cause = value.cause;
  return out;
}

/** Writes each event as one line of JSON to `out`; notices go to `err` as plain lines. */
export class JsonlRenderer implements Renderer {
  #out: Output;
  #err: Output;

  constructor(out: Output, err: Output) {
    this.#out = out;
    this.#err = err;
  }

  event(event: RunEvent): void {
    this.#out.write(`${eventToJSON(event)}\n`);
  }

  notice(text: string): void {
    this.#err.write(`${text}\n`);
  }

  close(): void {}
}
