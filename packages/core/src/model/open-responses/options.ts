/**
 * @module model/open-responses/options — what `openResponses()` takes, checked once at creation.
 */
import { OpenloopError } from "@openloop/protocol";
import {
  describeValue,
  type ResolvedTransport,
  resolveTransport,
  type TransportOptions,
} from "../http/options.js";
import type { ModelCapabilities } from "../model.js";

export interface OpenResponsesOptions extends TransportOptions {
  /**
   * The API root; requests go to `{baseURL}/responses`.
   * @example "https://api.openai.com/v1", "http://localhost:11434/v1"
   */
  baseURL: string;
  /** Sent as `Authorization: Bearer <apiKey>`. Local servers usually need none. */
  apiKey?: string;
  /** The model to ask for, unless the request names one (the request's `model` wins). */
  model: string;
  /** Extra request headers (they override the defaults, `Authorization` included). */
  headers?: Record<string, string>;
  /** Stream with SSE (`stream: true`), or ask for one JSON response and replay it as events. @default true */
  stream?: boolean;
  /** The model's name in errors and logs. @default "open-responses:<model>" */
  name?: string;
  /** What the server accepts; see `ModelCapabilities`. */
  capabilities?: ModelCapabilities;
}

/** The options, checked and with defaults applied. */
export interface ResolvedOptions extends ResolvedTransport {
  url: string;
  model: string;
  name: string;
  headers: Record<string, string>;
  stream: boolean;
  capabilities: ModelCapabilities | undefined;
}

function invalid(message: string): OpenloopError {
  return new OpenloopError("invalid_config", `openResponses(): ${message}`);
}

/** Checks `options` and applies defaults; throws `invalid_config` naming the bad option. */
export function resolveOptions(options: OpenResponsesOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null)
    throw invalid(`Expected an options object, got ${describeValue(options)}`);
  const { baseURL, model } = options;
  let parsed: URL | undefined;
  try {
    parsed = typeof baseURL === "string" ? new URL(baseURL) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== "http:" && parsed.protocol !== "https:"))
    throw invalid(
      `Expected \`baseURL\` to be an http(s) URL such as "http://localhost:11434/v1", got ${describeValue(baseURL)}`,
    );
  if (typeof model !== "string" || model.trim() === "")
    throw invalid(`Expected \`model\` to be a non-empty string such as "gpt-5", got ${describeValue(model)}`);
  const stream = options.stream ?? true;
  if (typeof stream !== "boolean")
    throw invalid(`Expected \`stream\` to be a boolean, got ${describeValue(stream)}`);
  for (const name of ["apiKey", "name"] as const)
    if (options[name] !== undefined && typeof options[name] !== "string")
      throw invalid(`Expected \`${name}\` to be a string, got ${describeValue(options[name])}`);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: stream ? "text/event-stream" : "application/json",
  };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  Object.assign(headers, checkHeaders(options.headers));
  // `/responses` goes after the path; a query string (`?api-version=...`) stays at the end.
  parsed.pathname = `${parsed.pathname.replace(/\/+$/, "")}/responses`;
  return {
    url: parsed.href,
    model,
    name: options.name ?? `open-responses:${model}`,
    headers,
    ...resolveTransport(options, { stream, owner: "openResponses()" }),
    stream,
    capabilities: options.capabilities,
  };
}

/**
 * `headers` with lower-cased names, checked now (a bad name or value would otherwise fail every
 * request, and be retried as a connection error).
 */
function checkHeaders(given: unknown): Record<string, string> {
  if (given === undefined) return {};
  if (typeof given !== "object" || given === null || Array.isArray(given))
    throw invalid(
      `Expected \`headers\` to be an object of strings such as { "x-trace": "1" }, got ${describeValue(given)}`,
    );
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(given)) {
    if (typeof value !== "string")
      throw invalid(`Expected header \`${key}\` to be a string, got ${describeValue(value)}`);
    try {
      new Headers([[key, value]]);
    } catch (cause) {
      throw invalid(
        `Header \`${key}\` cannot be sent: ${cause instanceof Error ? cause.message : String(cause)}`,
      );
    }
    out[key.toLowerCase()] = value;
  }
  return out;
}
