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
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: stream ? "text/event-stream" : "application/json",
  };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  for (const [key, value] of Object.entries(options.headers ?? {})) headers[key.toLowerCase()] = value;
  return {
    url: `${baseURL.replace(/\/+$/, "")}/responses`,
    model,
    name: options.name ?? `open-responses:${model}`,
    headers,
    ...resolveTransport(options, { stream, owner: "openResponses()" }),
    stream,
    capabilities: options.capabilities,
  };
}
