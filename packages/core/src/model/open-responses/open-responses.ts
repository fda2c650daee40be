/**
 * @module model/open-responses — the HTTP Open Responses model: `POST {baseURL}/responses`.
 */
import { type CreateResponseBody, OpenloopError, type StreamEvent } from "@openloop/protocol";
import { failedEvent } from "../failure.js";
import { type Answer, fetchWithRetries } from "../http/fetch-with-retries.js";
import type { Model, ModelCapabilities, ModelRequestOptions } from "../model.js";
import { type AnswerStart, readAnswer, startAnswer } from "./answer.js";
import { type OpenResponsesOptions, type ResolvedOptions, resolveOptions } from "./options.js";

const aborted = () => new OpenloopError("aborted", "The request was aborted.");

class OpenResponsesModel implements Model {
  readonly name: string;
  readonly capabilities: ModelCapabilities | undefined;
  readonly #options: ResolvedOptions;

  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.name = options.name;
    this.capabilities = options.capabilities;
  }

  async *stream(request: CreateResponseBody, options: ModelRequestOptions = {}): AsyncGenerator<StreamEvent> {
    const config = this.#options;
    const signal = options.signal;
    if (signal?.aborted) return yield failedEvent(aborted());
    let body: string;
    try {
      if (typeof request !== "object" || request === null || Array.isArray(request))
        throw new TypeError(
          `expected a CreateResponseBody object, got ${request === null ? "null" : typeof request}`,
        );
      body = JSON.stringify({ ...request, model: request.model || config.model, stream: config.stream });
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      return yield failedEvent(
        new OpenloopError("invalid_request", `Cannot send the request: ${reason}`, { cause }),
      );
    }
    let answer: Answer<AnswerStart>;
    try {
      answer = await fetchWithRetries({
        url: config.url,
        headers: config.headers,
        body,
        transport: config,
        signal,
        ready: (res) => startAnswer(config, res),
      });
    } catch (error) {
      return yield failedEvent(error as OpenloopError);
    }
    yield* readAnswer(config, answer, signal);
  }
}

/**
 * A {@link Model} over any server that speaks Open Responses over HTTP: it POSTs the request (with
 * `model` filled in unless the request names one, and `stream`) to `{baseURL}/responses` and
 * yields the events as they arrive.
 *
 * - **Retries** 408, 409, 429 and 5xx answers, connection errors and first-byte timeouts, with
 *   exponential backoff and jitter, honouring `Retry-After` and `retry-after-ms` (`maxRetries`,
 *   default 2). Never once an event has arrived: a stream that breaks ends with `response.failed`
 *   code `stream_interrupted`.
 * - **Timeouts**: `timeoutMs` to the first event (the whole response when not streaming),
 *   `idleTimeoutMs` between events; both end as `model_timeout`.
 * - **Errors are data**: every failure ends the stream with `response.failed`; `failureOf(event)`
 *   gives the typed error (a `ModelHttpError` with `status`, `type`, `serverCode`, `param` for HTTP
 *   errors; `not_open_responses` for a 404 on `/responses`; `previous_response_not_found`).
 * - **Abort**: `options.signal` cancels the request and ends the stream as `aborted`.
 * - **Non-streaming** (`stream: false`): one JSON response, replayed as the spec's events.
 *
 * Throws `invalid_config` at creation for bad options (a `baseURL` that is not http(s), no model).
 *
 * @example
 * const model = openResponses({ baseURL: "http://localhost:11434/v1", model: "qwen3" });
 * for await (const event of model.stream({ input: "Hi" }, {})) if (event.type === "response.output_text.delta") process.stdout.write(event.delta);
 */
export function openResponses(options: OpenResponsesOptions): Model {
  return new OpenResponsesModel(resolveOptions(options));
}
