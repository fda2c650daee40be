/**
 * @module model/open-responses/json-response — a non-streaming response replayed as events.
 */
import { createResponseResource, OpenloopError, responseEvents, type StreamEvent } from "@openloop/protocol";
import { failedEvent } from "../failure.js";

const snippet = (text: string) => JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);

/**
 * The events of a `200` JSON body: a `ResponseResource` becomes the spec's event sequence
 * (`responseEvents`), so consumers see one vocabulary whether or not the model streamed. A body
 * that is not a response ends as `response.failed`: `invalid_response` (not JSON, no `output`
 * array), or `model_failed` for a `200` that carries an `{ error }` instead.
 */
export function* jsonResponseEvents(text: string, url: string): Generator<StreamEvent, void, undefined> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    yield failedEvent(
      new OpenloopError(
        "invalid_response",
        `POST ${url} answered 200 with a body that is not JSON: ${snippet(text)}`,
        {
          cause,
        },
      ),
    );
    return;
  }
  const record = (typeof json === "object" && json !== null && !Array.isArray(json) ? json : {}) as Record<
    string,
    unknown
  >;
  if (!Array.isArray(record.output)) {
    const error = record.error as { message?: unknown; code?: unknown } | undefined;
    yield failedEvent(
      typeof error?.message === "string"
        ? new OpenloopError("model_failed", error.message, {
            details: { serverCode: typeof error.code === "string" ? error.code : null },
          })
        : new OpenloopError(
            "invalid_response",
            `POST ${url} answered 200 with JSON that is not a response (no \`output\` array): ${snippet(text)}`,
          ),
    );
    return;
  }
  // The body is untrusted: an item the writer cannot replay must end the stream as data, not throw
  // out of the model (a malformed item once did, mid-iteration).
  const bad = record.output.findIndex(
    (item) =>
      typeof item !== "object" || item === null || typeof (item as { type?: unknown }).type !== "string",
  );
  if (bad >= 0) {
    yield failedEvent(
      new OpenloopError(
        "invalid_response",
        `POST ${url} answered 200 with a response whose output[${bad}] is not an item (an object with a string \`type\`): ${snippet(JSON.stringify(record.output[bad]) ?? String(record.output[bad]))}`,
      ),
    );
    return;
  }
  let events: StreamEvent[];
  try {
    events = [...responseEvents(createResponseResource(record))];
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    yield failedEvent(
      new OpenloopError(
        "invalid_response",
        `POST ${url} answered 200 with a response whose output cannot be read (${why}): ${snippet(text)}`,
        { cause },
      ),
    );
    return;
  }
  yield* events;
}
