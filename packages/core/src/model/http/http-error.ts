/**
 * @module model/http/http-error — a non-2xx answer as one typed error.
 */
import { STATUS_CODES } from "node:http";
import { ModelHttpError } from "@openloop/protocol";
import { headerRecord, retryAfterMs } from "./retry-after.js";

/** What a non-2xx answer consisted of. */
export interface HttpErrorInit {
  /** The HTTP status code. */
  status: number;
  /** The raw response body (any text: JSON, HTML, empty). */
  body?: string;
  /** Response headers (names in any case). */
  headers?: Headers | Record<string, string>;
  /** The URL that was requested, named in the message. */
  url?: string;
  /** @default "POST" */
  method?: string;
}

const MAX_BODY = 64 * 1024;
const MAX_MESSAGE = 500;

interface ServerError {
  message?: string;
  type?: string;
  code?: string;
  param?: string;
  /** True when the body was the spec's `{ error: { ... } }` envelope (or close to it). */
  envelope: boolean;
}

const str = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : undefined;

/**
 * Reads what a server said went wrong, accepting the shapes servers actually send: the spec's
 * `{ error: { message, type, param, code } }`, `{ error: "text" }`, `{ message }`, FastAPI's
 * `{ detail }`, an array holding one of these, plain text and HTML (tags dropped), or nothing.
 */
function parseServerError(body: string): ServerError {
  const text = body.trim();
  if (text === "") return { envelope: false };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const plain = text.startsWith("<") ? text.replace(/<[^>]*>/g, " ") : text;
    return { message: plain.replace(/\s+/g, " ").trim() || undefined, envelope: false };
  }
  if (Array.isArray(json)) json = json[0];
  if (typeof json !== "object" || json === null) return { message: str(json), envelope: false };
  const record = json as Record<string, unknown>;
  const error = record.error;
  if (typeof error === "object" && error !== null) {
    const e = error as Record<string, unknown>;
    return {
      message: str(e.message) ?? str(record.message),
      type: str(e.type),
      code: str(e.code),
      param: str(e.param),
      envelope: true,
    };
  }
  const detail = record.detail;
  return {
    message:
      str(error) ??
      str(record.message) ??
      str(detail) ??
      (Array.isArray(detail) ? JSON.stringify(detail) : undefined) ??
      (typeof detail === "object" && detail !== null ? JSON.stringify(detail) : undefined),
    type: str(record.type),
    code: str(record.code),
    envelope: false,
  };
}

/** The spec's error `type` for a status, used when the server named none. */
function typeForStatus(status: number): string {
  if (status === 400 || status === 422) return "invalid_request";
  if (status === 401 || status === 403) return "authentication_error";
  if (status === 404) return "not_found";
  if (status === 429) return "too_many_requests";
  return "server_error";
}

const PREVIOUS_NOT_FOUND =
  /previous[_ ]response.*not (be )?found|response with id .* not found|no response found/i;

function clip(message: string): string {
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
}

/**
 * The typed error for a non-2xx answer from a model server: a {@link ModelHttpError} with the
 * status, the server's `type`/`code`/`param` (parsed leniently, see `parseServerError`), the
 * headers, the body and, in `details.retryAfterMs`, the server's retry hint. Its `code` is:
 * - `previous_response_not_found` for a 400/404 whose code or message says the
 *   `previous_response_id` is unknown (the loop then falls back to replaying the full input);
 * - `not_open_responses` for a 404 that is not a structured error of the API itself (an API 404
 *   such as `model_not_found` keeps `model_http_error`): the URL has no `/responses` endpoint;
 * - `model_http_error` otherwise.
 *
 * Model implementations (and test doubles) use it so every HTTP failure reads the same.
 *
 * @example
 * if (!res.ok) return failedEvent(modelHttpError({ status: res.status, body: await res.text(), headers: res.headers, url }));
 */
export function modelHttpError(init: HttpErrorInit): ModelHttpError {
  const { status, url } = init;
  const body = (init.body ?? "").slice(0, MAX_BODY);
  const headers = headerRecord(init.headers);
  const server = parseServerError(body);
  const statusText = STATUS_CODES[status] ?? "Unknown Status";
  const where = url === undefined ? "" : ` from ${init.method ?? "POST"} ${url}`;
  const said = server.message === undefined ? "" : `: ${clip(server.message)}`;
  const delay = retryAfterMs(headers);
  const common = {
    status,
    serverCode: server.code ?? null,
    url,
    headers,
    body,
    type: server.type ?? typeForStatus(status),
    param: server.param ?? null,
    details: delay === undefined ? { statusText } : { statusText, retryAfterMs: delay },
  };

  if (
    (status === 400 || status === 404) &&
    (server.code === "previous_response_not_found" || PREVIOUS_NOT_FOUND.test(server.message ?? ""))
  ) {
    return new ModelHttpError(
      `The server does not know the previous response (HTTP ${status}${where})${said}`,
      {
        ...common,
        param: server.param ?? "previous_response_id",
        code: "previous_response_not_found",
      },
    );
  }
  if (status === 404 && !(server.envelope && server.code !== undefined)) {
    return new ModelHttpError(
      `HTTP 404 Not Found${where}: there is no Open Responses endpoint at this URL, so the server ` +
        `probably does not speak Open Responses (check baseURL: it usually ends in /v1)${said ? ` — server said${said}` : ""}`,
      { ...common, code: "not_open_responses" },
    );
  }
  return new ModelHttpError(`HTTP ${status} ${statusText}${where}${said || " (empty body)"}`, common);
}

/**
 * What broke, from fetch's "fetch failed" TypeError and its cause chain: `ECONNREFUSED` and
 * `ENOTFOUND` with a hint, else the innermost message (with its code when the message lacks it).
 */
export function describeCause(cause: unknown): string {
  let error = cause as { message?: string; code?: string; cause?: unknown } | undefined;
  for (let depth = 0; depth < 3 && error?.cause !== undefined; depth++) error = error.cause as typeof error;
  const code = error?.code;
  const message = error?.message ?? String(cause);
  if (code === "ECONNREFUSED")
    return "connection refused (ECONNREFUSED): is the server running, and is baseURL right?";
  if (code === "ENOTFOUND") return "host not found (ENOTFOUND): check baseURL";
  return code !== undefined && !message.includes(code) ? `${message} (${code})` : message;
}
