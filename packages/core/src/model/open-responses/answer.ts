/**
 * @module model/open-responses/answer — an Open Responses answer read as events: the part that must
 * arrive before the first-byte timeout, then the rest under the idle timer, every failure as data.
 */
import { decodeSSE, OpenloopError, type StreamEvent } from "@openloop/protocol";
import { armTimer } from "../../timer/arm-timer.js";
import { failedEvent } from "../failure.js";
import type { Answer } from "../http/fetch-with-retries.js";
import { describeCause } from "../http/http-error.js";
import { jsonResponseEvents } from "./json-response.js";
import type { ResolvedOptions } from "./options.js";
import { StreamProgress } from "./stream-progress.js";

/** What arrived in time: a whole JSON body, or a stream and its first event. */
export type AnswerStart =
  | { kind: "json"; text: string }
  | { kind: "sse"; events: AsyncIterator<StreamEvent>; first: StreamEvent };

/** The decoder's own report of a frame it could not read (`sequence_number` -1), not a server event. */
const isDecoderError = (event: StreamEvent): event is StreamEvent & { error: { message: string } } =>
  event.type === "error" && event.sequence_number === -1;

const aborted = () => new OpenloopError("aborted", "The request was aborted.");

/**
 * The `ready` step of `fetchWithRetries`: what must arrive within `timeoutMs`. A JSON answer (asked
 * for, or a server that ignored `stream: true`) is read whole; a stream up to its first event. An
 * HTML page, or a body whose first frame is unreadable and which is not labelled
 * `text/event-stream`, is `not_open_responses` (not retried); a stream that closes before any event fails the
 * attempt like a lost connection (retried).
 */
export async function startAnswer(options: ResolvedOptions, res: Response): Promise<AnswerStart> {
  const contentType = res.headers.get("content-type") ?? "";
  if (!options.stream || contentType.includes("json")) return { kind: "json", text: await res.text() };
  if (contentType.includes("text/html")) {
    await res.body?.cancel().catch(() => undefined);
    throw new OpenloopError(
      "not_open_responses",
      `POST ${options.url} answered 200 with an HTML page, not an event stream: the server probably does not speak Open Responses (check baseURL).`,
    );
  }
  const events = decodeSSE(res, { maxEventLength: options.maxEventLength })[Symbol.asyncIterator]();
  const first = await events.next();
  if (first.done) throw new Error("the server closed the stream before sending any event");
  if (isDecoderError(first.value) && !contentType.includes("text/event-stream")) {
    // Not an event stream at all (a proxy's "OK", a plain-text page): say so, rather than report a
    // malformed frame and then a stream that "broke after 1 event".
    await events.return?.().catch(() => undefined);
    const what = contentType === "" ? "no content type" : contentType.split(";")[0];
    throw new OpenloopError(
      "not_open_responses",
      `POST ${options.url} answered 200 with ${what}, not an event stream (${first.value.error.message}): the server probably does not speak Open Responses (check baseURL).`,
    );
  }
  return { kind: "sse", events, first: first.value };
}

/**
 * The answer's events, as received. The idle timer starts with the first event and restarts each
 * time the consumer asks for the next; a stream that breaks, goes quiet or is aborted ends with
 * `response.failed` carrying what arrived (its id, model and finished items). Releases the
 * caller's signal and the connection however it ends.
 */
export async function* readAnswer(
  options: ResolvedOptions,
  answer: Answer<AnswerStart>,
  signal: AbortSignal | undefined,
): AsyncGenerator<StreamEvent, void, undefined> {
  const start = answer.value;
  if (start.kind === "json") {
    answer.release();
    for (const event of jsonResponseEvents(start.text, options.url)) {
      if (signal?.aborted) return yield failedEvent(aborted(), { output: [] }, 0);
      yield event;
    }
    return;
  }
  const progress = new StreamProgress();
  let idle = false;
  const timer = armTimer(options.idleTimeoutMs, () => {
    idle = true;
    answer.abort();
  });
  let cause: unknown;
  try {
    for (let event = start.first; ; ) {
      const terminal = progress.see(event);
      yield event;
      if (terminal) return;
      timer?.refresh();
      const next = await start.events.next();
      if (next.done) break;
      event = next.value;
    }
  } catch (error) {
    cause = error;
  } finally {
    clearTimeout(timer);
    answer.release();
    // A consumer that stopped early, or a broken stream: let the decoder release the connection.
    await start.events.return?.().catch(() => undefined);
  }
  // The stream broke off (or ended without a terminal event).
  if (signal?.aborted) return yield failedEvent(aborted(), progress.partial(), progress.nextSequence);
  yield failedEvent(
    progress.interruption(options.url, idle ? options.idleTimeoutMs : undefined, cause, describeCause),
    progress.partial(),
    progress.nextSequence,
  );
}
