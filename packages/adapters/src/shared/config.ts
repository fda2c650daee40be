/**
 * @module shared/config — checking an adapter's configuration once, at construction.
 *
 * A wrong option fails when the model is built, with one message template naming the factory and
 * the option (``chatCompletions(): Expected `maxTokensField` to be one of "max_tokens",
 * "max_completion_tokens", got "max" (string)``), the way core's `openResponses()` reports its own.
 * Left unchecked, it would surface mid-run as a backend's 400, or as a TypeError.
 */
import { OpenloopError } from "@openloop/protocol";

/** Settings every adapter takes to reach its backend. */
export interface EndpointOptions {
  /** The API root, e.g. `https://api.openai.com/v1` (the adapter appends its path). */
  baseURL: string;
  /** The backend's model name. */
  model: string;
  /** Sent as the backend expects it (`Authorization: Bearer`, or `x-api-key` for Anthropic). */
  apiKey?: string;
  /** Extra headers on every request (they override the adapter's own, whatever their case). */
  headers?: Record<string, string>;
  /** A display name for logs and errors. @default "<wire>:<model>" */
  name?: string;
}

/** Checks of one factory's options; each throws `invalid_config` (with `param`) for a bad value. */
export class OptionChecks {
  readonly #owner: string;
  readonly #options: Record<string, unknown>;

  /** `owner` names the factory in messages (`chatCompletions()`). */
  constructor(owner: string, options: unknown) {
    this.#owner = owner;
    if (typeof options !== "object" || options === null || Array.isArray(options))
      throw new OpenloopError(
        "invalid_config",
        `${owner}: Expected an options object, got ${describe(options)}`,
      );
    this.#options = options as Record<string, unknown>;
  }

  /** The raw value of `option`, for checks of a wire's own shapes. */
  value(option: string): unknown {
    return this.#options[option];
  }

  /** A required http(s) URL. */
  url(option: string): string {
    const value = this.#options[option];
    let protocol: string | undefined;
    try {
      protocol = typeof value === "string" ? new URL(value).protocol : undefined;
    } catch {
      protocol = undefined;
    }
    if (protocol !== "http:" && protocol !== "https:")
      throw this.#fail(option, 'an http(s) URL such as "http://localhost:8080/v1"', value);
    return value as string;
  }

  /** A required non-empty string. */
  requiredString(option: string): string {
    const value = this.#options[option];
    if (typeof value !== "string" || value.trim() === "")
      throw this.#fail(option, "a non-empty string", value);
    return value;
  }

  /** An optional string. */
  string(option: string): void {
    const value = this.#options[option];
    if (value !== undefined && typeof value !== "string") throw this.#fail(option, "a string", value);
  }

  /** An optional boolean. */
  boolean(option: string): void {
    const value = this.#options[option];
    if (value !== undefined && typeof value !== "boolean") throw this.#fail(option, "a boolean", value);
  }

  /** An optional value out of `allowed`. */
  oneOf(option: string, allowed: readonly unknown[]): void {
    const value = this.#options[option];
    if (value !== undefined && !allowed.includes(value))
      throw this.#fail(option, `one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`, value);
  }

  /** An optional whole number from 1 and up (`value` checks a nested one, named `option`). */
  positiveInteger(option: string, value: unknown = this.#options[option]): void {
    if (value !== undefined && !(typeof value === "number" && Number.isInteger(value) && value >= 1))
      throw this.#fail(option, "a whole number from 1 and up", value);
  }

  /** An optional plain object (`values` checks each member). */
  object(
    option: string,
    values?: (key: string, value: unknown) => void,
  ): Record<string, unknown> | undefined {
    const value = this.#options[option];
    if (value === undefined) return undefined;
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw this.#fail(option, "an object", value);
    if (values) for (const [key, member] of Object.entries(value)) values(key, member);
    return value as Record<string, unknown>;
  }

  /** An optional object of string values (headers). */
  stringRecord(option: string): void {
    this.object(option, (key, value) => {
      if (typeof value !== "string") throw this.#fail(`${option}.${key}`, "a string", value);
    });
  }

  /** An optional array of strings. */
  stringArray(option: string): void {
    const value = this.#options[option];
    if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === "string")))
      throw this.#fail(option, "an array of strings", value);
  }

  /**
   * Refuses an option this factory does not read (a typo such as `maxToken`, or `max_tokens` written
   * the wire's way), which would otherwise be ignored without a word; names the closest known one.
   */
  onlyKnown(known: ReadonlySet<string>): void {
    for (const [option, value] of Object.entries(this.#options)) {
      if (value === undefined || known.has(option)) continue;
      const near = closest(option, known);
      throw new OpenloopError(
        "invalid_config",
        `${this.#owner}: Unknown option \`${option}\`${near ? ` (did you mean \`${near}\`?)` : ""}; ` +
          `known options: ${[...known].sort().join(", ")}`,
        { param: option },
      );
    }
  }

  /** The error for `option`, in the one message template. */
  fail(option: string, expected: string, value: unknown): OpenloopError {
    return this.#fail(option, expected, value);
  }

  #fail(option: string, expected: string, value: unknown): OpenloopError {
    return new OpenloopError(
      "invalid_config",
      `${this.#owner}: Expected \`${option}\` to be ${expected}, got ${describe(value)}`,
      { param: option },
    );
  }
}

/** The known name `option` most likely meant: the same letters ignoring case and `_`/`-`, or 2 edits away. */
function closest(option: string, known: ReadonlySet<string>): string | undefined {
  const bare = (name: string) => name.toLowerCase().replace(/[_-]/g, "");
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of known) {
    if (bare(name) === bare(option)) return name;
    const distance = editDistance(bare(name), bare(option));
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        previous[j]! + 1,
        row[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = row;
  }
  return previous[b.length]!;
}

function describe(value: unknown): string {
  if (typeof value === "string") return `${JSON.stringify(value)} (string)`;
  if (typeof value === "object" && value !== null) {
    let json: string;
    try {
      json = JSON.stringify(value);
    } catch {
      json = String(value);
    }
    return `${json} (${Array.isArray(value) ? "array" : "object"})`;
  }
  return `\`${String(value)}\` (${value === null ? "null" : typeof value})`;
}

/** `baseURL` joined with the wire's path, unless it already ends with it. */
export function endpoint(baseURL: string, path: string): string {
  const base = baseURL.replace(/\/+$/, "");
  return base.endsWith(path) ? base : base + path;
}

/** `headers` with lower-cased names, so a user's `Authorization` replaces the adapter's `authorization`. */
export function lowerCaseHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers) for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}
