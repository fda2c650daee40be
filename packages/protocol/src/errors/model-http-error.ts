import { OpenloopError, type OpenloopErrorOptions } from "./openloop-error.js";

/**
 * A non-2xx answer from a model server. `status`, and the server's own `type`/`code`/`param`
 * parsed leniently from its `{ error: { message, type, param, code } }` body, are kept as given.
 */
export class ModelHttpError extends OpenloopError {
  override readonly name = "ModelHttpError";
  /** HTTP status code. */
  readonly status: number;
  /** The server's own error code (e.g. `rate_limit_exceeded`), when it sent one. */
  readonly serverCode: string | null;
  /** The URL that was requested. */
  readonly url: string | undefined;
  /** Response headers (lower-cased names). */
  readonly headers: Record<string, string>;
  /** The raw response body text (truncated to 64 KiB). */
  readonly body: string | undefined;

  constructor(
    message: string,
    init: {
      status: number;
      serverCode?: string | null;
      url?: string;
      headers?: Record<string, string>;
      body?: string;
      /** Narrower code when the caller knows more (a 404 on `/responses` → `not_open_responses`). */
      code?: "model_http_error" | "not_open_responses" | "previous_response_not_found";
    } & OpenloopErrorOptions,
  ) {
    super(init.code ?? "model_http_error", message, init);
    this.status = init.status;
    this.serverCode = init.serverCode ?? null;
    this.url = init.url;
    this.headers = init.headers ?? {};
    this.body = init.body;
  }
}
