/**
 * @module transport/http-error — a non-2xx answer of another wire as one typed error.
 */
import { type HttpErrorInit, modelHttpError } from "@openloop/core";
import { ModelHttpError } from "@openloop/protocol";

/**
 * The typed error for a non-2xx answer: core's {@link modelHttpError} (status, the server's
 * `type`/`code`/`param` parsed leniently, headers, body, `details.retryAfterMs`). Its Open
 * Responses readings of a 404 (`not_open_responses`, `previous_response_not_found`) do not apply
 * to these wires: here a 404 means the wire's path is wrong, so it stays `model_http_error` with a
 * message saying so.
 */
export function wireHttpError(init: HttpErrorInit): ModelHttpError {
  const error = modelHttpError(init);
  if (error.code === "model_http_error") return error;
  return new ModelHttpError(
    `HTTP ${init.status} from POST ${init.url}: is this the right endpoint? (check baseURL: it usually ends in /v1)` +
      (error.body ? ` — server said: ${error.body.slice(0, 300)}` : ""),
    {
      status: error.status,
      serverCode: error.serverCode,
      url: init.url,
      headers: error.headers,
      body: error.body,
      type: error.type,
      param: error.param,
      details: error.details,
    },
  );
}
