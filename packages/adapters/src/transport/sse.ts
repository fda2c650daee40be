/**
 * @module transport/sse — the `data:` payloads of an SSE body, whatever their shape.
 *
 * `decodeSSE` from `@openloop/protocol` yields Open Responses events and requires each payload to
 * carry a `type` (or an `event:` line); Chat Completions chunks have neither. This reader uses the
 * same framing library (`eventsource-parser`: CR/LF/CRLF, multi-line `data:`, comments, frames split
 * anywhere) and leaves the payload to the adapter.
 */
import { DEFAULT_MAX_SSE_EVENT_LENGTH, SSEEventLimit } from "@openloop/protocol";
import { createParser, type EventSourceMessage } from "eventsource-parser";

/** One SSE frame: its `data` text and its `event:` name, if any. */
export type SSEFrame = Pick<EventSourceMessage, "data" | "event">;

/**
 * Yields the frames of `body` in order, one batch per network read (one await per read, not per
 * frame), including `[DONE]` (the caller decides what ends the stream). `onRead` runs after each
 * read (the caller's idle timer). A final frame missing its blank line is still delivered. Stopping
 * early cancels the body. An event that grows past `maxEventLength` characters (a `data:` line that
 * never ends) throws `stream_interrupted` after the frames before it, and cancels the body.
 */
export async function* readSSE(
  body: ReadableStream<Uint8Array>,
  onRead?: () => void,
  maxEventLength = DEFAULT_MAX_SSE_EVENT_LENGTH,
): AsyncGenerator<SSEFrame[], void, undefined> {
  const limit = new SSEEventLimit(maxEventLength, "readSSE()");
  const queue: SSEFrame[] = [];
  const parser = createParser({ onEvent: (message) => queue.push(message) });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      onRead?.();
      if (done) {
        finished = true;
        parser.feed(`${decoder.decode()}\n\n`);
        if (queue.length > 0) yield queue.splice(0, queue.length);
        return;
      }
      const text = decoder.decode(value, { stream: true });
      if (limit.add(text)) {
        parser.feed(text.slice(0, limit.boundary));
        if (queue.length > 0) yield queue.splice(0, queue.length);
        throw limit.error();
      }
      parser.feed(text);
      // Hand over a fresh array: the consumer may keep it while the parser fills the next one.
      if (queue.length > 0) yield queue.splice(0, queue.length);
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
