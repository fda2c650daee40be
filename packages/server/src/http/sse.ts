/**
 * @module http/sse — a response run as an SSE body: our own encoder, one frame per event, `\n`
 * line endings, `event:` equal to the payload's `type`, and `data: [DONE]` at the end.
 */
import { encodeSSE, encodeSSEDone, type StreamEvent } from "@openloop/protocol";
import type { ResponseRun } from "../run/response-run.js";

/** How raw reasoning events are named on the wire. */
export type ReasoningEventNames = "spec" | "openai";

/**
 * OpenAI's names for the spec's raw reasoning events: the `openai` SDK's `responses.stream()` throws
 * "Unhandled response stream event" on `response.reasoning.delta` / `.done`.
 */
const OPENAI_NAMES: Record<string, string> = {
  "response.reasoning.delta": "response.reasoning_text.delta",
  "response.reasoning.done": "response.reasoning_text.done",
};

/** `event` renamed for `names` (the same object when nothing changes). */
export function withReasoningNames(event: StreamEvent, names: ReasoningEventNames): StreamEvent {
  if (names === "spec") return event;
  const renamed = OPENAI_NAMES[event.type];
  return renamed === undefined ? event : ({ ...event, type: renamed } as unknown as StreamEvent);
}

/** A sink that encodes each event as one SSE frame into `frames`. */
export function frameSink(frames: string[], names: ReasoningEventNames): (event: StreamEvent) => void {
  return (event) => {
    frames.push(encodeSSE(withReasoningNames(event, names)));
  };
}

const encoder = new TextEncoder();

/**
 * The body of a streaming answer. Pull-driven: the run advances only when the client has taken what
 * was written (slow clients hold the run back, nothing piles up). Every chunk holds whole frames.
 * It never errors (a framework would turn a stream error into its own plain-text message, which
 * breaks clients): the run ends every stream with its terminal event, then `[DONE]`.
 *
 * @param frames The frames the run's sink wrote (some may already be there: the first step ran).
 * @param onEnd Called once: `"done"` after `[DONE]`, `"cancelled"` when the client went away.
 */
export function sseBody(
  run: ResponseRun,
  frames: string[],
  onEnd: (how: "done" | "cancelled") => void,
): ReadableStream<Uint8Array> {
  let ended = false;
  const end = (how: "done" | "cancelled") => {
    if (ended) return;
    ended = true;
    onEnd(how);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (frames.length === 0 && !run.done) await run.step();
      if (frames.length > 0) {
        const chunk = frames.length === 1 ? frames[0]! : frames.join("");
        frames.length = 0;
        controller.enqueue(encoder.encode(chunk));
        return;
      }
      controller.enqueue(encoder.encode(encodeSSEDone()));
      controller.close();
      end("done");
    },
    async cancel() {
      await run.cancel();
      end("cancelled");
    },
  });
}
