/**
 * @module shared/config — checking an adapter's configuration once, at construction.
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
  /** Extra headers on every request (they override the adapter's own). */
  headers?: Record<string, string>;
  /** A display name for logs and errors. @default "<wire>:<model>" */
  name?: string;
}

/** Throws `invalid_config` unless `value` is a non-empty string (one message template for all options). */
export function requireString(value: unknown, option: string, wire: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new OpenloopError(
      "invalid_config",
      `Expected \`${option}\` to be a non-empty string for the ${wire} adapter, got ${describe(value)}`,
      { param: option },
    );
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === "string") return `${JSON.stringify(value)} (string)`;
  return `\`${String(value)}\` (${value === null ? "null" : typeof value})`;
}

/** `baseURL` joined with the wire's path, unless it already ends with it. */
export function endpoint(baseURL: string, path: string): string {
  const base = baseURL.replace(/\/+$/, "");
  return base.endsWith(path) ? base : base + path;
}
