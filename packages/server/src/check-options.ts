/**
 * @module check-options — `createServer` options checked up front, so a typo in a config (a
 * `store: "postgres"`, `apiKeys: "sk-1"`) is one clear `invalid_config` at start, not a request
 * failing later with a `TypeError`.
 */
import { OpenloopError } from "@openloop/protocol";
import type { ServerOptions } from "./options.js";

/** `value` as an error message shows it: ``"postgres"` (string)`. */
function shown(value: unknown): string {
  const text = typeof value === "function" ? "[function]" : (JSON.stringify(value) ?? String(value));
  return `\`${text.length > 60 ? `${text.slice(0, 57)}...` : text}\` (${value === null ? "null" : typeof value})`;
}

function expected(name: string, what: string, value: unknown): never {
  throw new OpenloopError("invalid_config", `Expected \`${name}\` to be ${what}, got ${shown(value)}.`, {
    param: name,
  });
}

function oneOf(options: Record<string, unknown>, name: string, allowed: readonly unknown[], what: string) {
  const value = options[name];
  if (value !== undefined && !allowed.includes(value)) expected(name, what, value);
}

function number(
  options: Record<string, unknown>,
  name: string,
  rule: { integer?: boolean; min: number; above?: boolean },
) {
  const value = options[name];
  if (value === undefined) return;
  const ok =
    typeof value === "number" &&
    !Number.isNaN(value) &&
    (rule.above ? value > rule.min : value >= rule.min) &&
    (!rule.integer || Number.isInteger(value) || value === Number.POSITIVE_INFINITY);
  if (!ok) {
    const kind = rule.integer ? "an integer" : "a number";
    expected(name, `${kind} ${rule.above ? "above" : "from"} ${rule.min}${rule.above ? "" : " up"}`, value);
  }
}

function hasMethods(value: unknown, names: readonly string[]): boolean {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return names.every((name) => typeof record[name] === "function");
}

/**
 * Checks every option `createServer` takes (the routing table is checked by `RoutingTable`).
 * @throws {OpenloopError} `invalid_config` whose `param` is the option and whose message says what
 *   was expected and what was given.
 */
export function checkOptions(options: ServerOptions): void {
  if (typeof options !== "object" || options === null || options.routing === undefined) {
    throw new OpenloopError("invalid_config", "createServer() needs options with a `routing` table.", {
      param: "routing",
    });
  }
  const o = options as unknown as Record<string, unknown>;
  const store = o.store;
  if (
    store !== undefined &&
    store !== "sqlite" &&
    store !== "memory" &&
    store !== false &&
    !hasMethods(store, ["get", "put", "close"])
  )
    expected("store", '"sqlite", "memory", false or a ResponseStore (get, put, close)', store);
  if (o.dataDir !== undefined && (typeof o.dataDir !== "string" || o.dataDir === ""))
    expected("dataDir", "a directory path", o.dataDir);
  if (o.apiKeys !== undefined && !Array.isArray(o.apiKeys))
    expected("apiKeys", "an array of strings", o.apiKeys);
  const runner = o.codeRunner as { hosted?: unknown; name?: unknown } | false | undefined;
  if (
    runner !== undefined &&
    runner !== false &&
    !(
      hasMethods(runner, ["close"]) &&
      hasMethods(runner.hosted, ["invoke"]) &&
      typeof runner.name === "string"
    )
  )
    expected("codeRunner", "false or a codeRunner() of @openloop/sandbox", runner);
  if (o.modelFactory !== undefined && typeof o.modelFactory !== "function")
    expected("modelFactory", "a function", o.modelFactory);
  if (o.log !== undefined && o.log !== false && typeof o.log !== "function")
    expected("log", "false or a function (a LogSink)", o.log);
  oneOf(o, "hostedTools", ["on-request", "always"], '"on-request" or "always"');
  oneOf(o, "reasoningEvents", ["spec", "openai"], '"spec" or "openai"');
  oneOf(o, "extensions", [true, false], "a boolean");
  oneOf(o, "websocket", [true, false], "a boolean");
  number(o, "maxTurns", { integer: true, min: 1 });
  number(o, "maxConcurrent", { integer: true, min: 1 });
  number(o, "maxBodyBytes", { integer: true, min: 1 });
  number(o, "retryAfterSeconds", { integer: true, min: 0 });
  for (const name of ["runTimeoutMs", "drainTimeoutMs", "websocketMaxAgeMs"])
    number(o, name, { min: 0, above: true });
}
