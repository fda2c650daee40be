/**
 * @module model/open-responses/stream-progress — what a stream has delivered so far, for the
 * `response.failed` that ends it if it breaks.
 */
import {
  type ErrorPayload,
  OpenloopError,
  type OutputItem,
  type ResponseResource,
  type StreamEvent,
} from "@openloop/protocol";

/**
 * Watches events go by, cheaply (a switch on `type`; no accumulation of deltas, which the loop
 * does anyway): how many, the last sequence number, the response id and model, the items that
 * are done, and the last server `error` event.
 */
export class StreamProgress {
  /** Events seen. */
  count = 0;
  #lastSeq = -1;
  #id: string | undefined;
  #model: string | undefined;
  #done: OutputItem[] = [];
  #error: ErrorPayload | undefined;
  /** Frames the decoder could not read, and what it said about the last one. */
  #unreadable = 0;
  #unreadableWhy = "";
  /** Why the decoder stopped reading, when it did. */
  #stoppedWhy: string | undefined;

  /** Records `event`; true when it is a terminal event. */
  see(event: StreamEvent): boolean {
    this.count++;
    const seq = event.sequence_number;
    if (typeof seq === "number" && seq >= 0) this.#lastSeq = seq;
    switch (event.type) {
      case "response.created":
      case "response.queued":
      case "response.in_progress": {
        const response = (event as { response?: { id?: unknown; model?: unknown } }).response;
        if (typeof response?.id === "string") this.#id = response.id;
        if (typeof response?.model === "string") this.#model = response.model;
        return false;
      }
      case "response.output_item.done": {
        const item = (event as { item?: OutputItem | null }).item;
        if (item) this.#done.push(item);
        return false;
      }
      case "error":
        // The decoder's own `sse_malformed` reports carry -1: not the server's error.
        if (seq !== -1) this.#error = (event as { error: ErrorPayload }).error;
        else {
          const error = (event as { error?: { code?: unknown; message?: unknown } }).error;
          // `stream_interrupted` from the decoder: it stopped reading (an event past its size bound).
          if (error?.code === "stream_interrupted") this.#stoppedWhy = String(error.message);
          else {
            this.#unreadable++;
            this.#unreadableWhy = String(error?.message);
          }
        }
        return false;
      case "response.completed":
      case "response.failed":
      case "response.incomplete":
        return true;
      default:
        return false;
    }
  }

  /** The sequence number a synthesized terminal event takes. */
  get nextSequence(): number {
    return this.#lastSeq >= 0 ? this.#lastSeq + 1 : this.count;
  }

  /** The response as far as it got: its id, model and finished items. */
  partial(): Partial<ResponseResource> {
    const partial: Partial<ResponseResource> = { output: [...this.#done] };
    if (this.#id !== undefined) partial.id = this.#id;
    if (this.#model !== undefined) partial.model = this.#model;
    return partial;
  }

  /**
   * The error for a stream that stopped after events had flowed: the idle timeout when `idleMs`
   * is given, the server's own `error` event when it sent one, `stream_interrupted` otherwise
   * (saying why the decoder stopped, when it stopped an event past its size bound).
   */
  interruption(
    url: string,
    idleMs: number | undefined,
    cause: unknown,
    describe: (cause: unknown) => string,
  ): OpenloopError {
    const after = `after ${this.count} event${this.count === 1 ? "" : "s"}`;
    if (idleMs !== undefined)
      return new OpenloopError(
        "model_timeout",
        `No event from POST ${url} for ${idleMs} ms (idleTimeoutMs), ${after}.`,
      );
    const server = this.#error;
    if (server !== undefined) {
      const code =
        server.code === "previous_response_not_found" ? "previous_response_not_found" : "model_failed";
      return new OpenloopError(code, server.message || "The server reported an error.", {
        type: server.type,
        param: server.param,
        details: { serverCode: server.code },
      });
    }
    const why =
      cause !== undefined ? describe(cause) : (this.#stoppedWhy ?? "the server closed the connection");
    // Unreadable frames are often why a stream never finished: name them.
    const unreadable =
      this.#unreadable === 0 ? "" : `, ${this.#unreadable} of them unreadable (last: ${this.#unreadableWhy})`;
    return new OpenloopError(
      "stream_interrupted",
      `The stream from POST ${url} broke ${after}${unreadable}, before the response finished: ${why}.`,
      { cause },
    );
  }
}
