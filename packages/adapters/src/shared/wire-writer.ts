/**
 * @module shared/wire-writer — the protocol's `ResponseWriter` as an adapter's model uses it.
 *
 * The writer owns the spec's event sequence (numbering, output indexes, item and part lifecycle,
 * the terminal response); this adds what a `Model` ending needs: the request's settings echoed, open
 * items closed before the terminal event, and failures as core's `failedEvent`, so `failureOf`
 * gives the typed error back.
 */
import { failedEvent } from "@openloop/core";
import {
  type CreateResponseBody,
  type ErrorPayload,
  type OpenloopError,
  ResponseWriter,
  type StreamEvent,
  type Usage,
} from "@openloop/protocol";
import { responseBase } from "./response-base.js";

/**
 * Writes one response's events into {@link WireWriter.events}; the caller drains that array after
 * each call (`yield* events; events.length = 0`).
 */
export class WireWriter extends ResponseWriter {
  /** Events written and not yet drained by the caller. */
  readonly events: StreamEvent[];

  constructor(request: CreateResponseBody, model: string, events: StreamEvent[] = []) {
    super(responseBase(request, model), { sink: (event) => events.push(event) });
    this.events = events;
  }

  /** `response.completed`, after closing open items. */
  complete(usage: Usage | null): void {
    if (this.ended) return;
    this.closeAll();
    this.end({ status: "completed", usage });
  }

  /** `response.incomplete` with `reason` (`max_output_tokens`, `content_filter`), after closing open items (the last one `incomplete`). */
  incomplete(reason: string, usage: Usage | null): void {
    if (this.ended) return;
    this.closeAll("incomplete");
    this.end({
      status: "incomplete",
      incomplete_details: { reason },
      usage,
      completed_at: Math.floor(Date.now() / 1000),
    });
  }

  /**
   * Ends the response with `response.failed` carrying `error` (read back with `failureOf`), preceded
   * by an `error` event when the backend itself reported the error (`serverError`). The failed
   * response's `output` holds the items that were done; what streamed of an unfinished item is in
   * its deltas (the accumulator keeps it).
   */
  failWith(error: OpenloopError, serverError?: ErrorPayload, usage: Usage | null = null): void {
    if (this.ended) return;
    if (serverError) this.write({ type: "error", sequence_number: 0, error: serverError });
    this.terminal(failedEvent(error, { ...this.snapshot(), usage }).response);
  }
}
