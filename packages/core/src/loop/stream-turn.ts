/**
 * @module loop/stream-turn — one model request: stream its events to the sink, rebuild the
 * response, and say whether (and how) it failed. Never throws.
 */
import {
  type CreateResponseBody,
  ModelHttpError,
  OpenloopError,
  ResponseAccumulator,
  type ResponseResource,
  type StreamEvent,
} from "@openloop/protocol";
import { NO_EVENTS } from "../events/run-event.js";
import { failureOf } from "../model/failure.js";
import { PartialOutputTracker } from "../output/partial-output.js";
import { ArgumentsTracker } from "./arguments-tracker.js";
import type { LoopContext } from "./context.js";

/** A finished model request: the response as far as it got, and the failure if it failed. */
export interface TurnOutcome {
  response: ResponseResource;
  failure: OpenloopError | undefined;
}

/**
 * Streams one response. Events go to the sink unchanged (no copy: zero cost per delta beyond the
 * accumulator's append); function-call argument events also produce normalized
 * `tool_call.arguments.delta` events. A slow stream consumer holds the model stream back.
 */
export async function streamTurn(
  ctx: LoopContext,
  request: CreateResponseBody,
  turn: number,
): Promise<TurnOutcome> {
  const { sink, signal } = ctx;
  const accumulator = new ResponseAccumulator();
  // Nobody listens to `run()`'s events: skip building argument deltas for it.
  const tracker = sink === NO_EVENTS ? undefined : new ArgumentsTracker(turn, sink);
  const partial =
    sink === NO_EVENTS || ctx.config.output === undefined ? undefined : new PartialOutputTracker(turn, sink);
  let terminal: StreamEvent | undefined;
  let thrown: unknown;
  let threw = false;
  // Set when the run's signal aborted and the loop stopped waiting for this stream (see below).
  let abandoned = false;
  const consume = async () => {
    try {
      for await (const event of ctx.model.stream(request, { signal })) {
        if (abandoned) break;
        accumulator.push(event);
        sink.push(event);
        switch (event.type) {
          case "response.function_call_arguments.delta":
          case "response.function_call_arguments.done":
          case "response.output_item.added":
          case "response.output_item.done":
            tracker?.observe(event as unknown as { type: string });
            break;
          case "response.output_text.delta":
            partial?.observe(event as { output_index: number; item_id: string; delta: string });
            break;
          case "response.completed":
          case "response.failed":
          case "response.incomplete":
            terminal = event;
            break;
        }
        const wait = sink.ready();
        if (wait !== undefined) await wait;
      }
    } catch (error) {
      // The Model contract says failures are data; a model that throws anyway still fails only its turn.
      if (abandoned) return;
      thrown = error;
      threw = true;
    }
  };
  // The contract says a model ends its stream promptly once the signal aborts; one that does not
  // (a hand-written adapter waiting on a socket that never answers) must not hang the run past its
  // time budget or a cancellation. One race per turn, nothing per event.
  if (!(await settledOrAborted(consume(), signal))) abandoned = true;
  const response = accumulator.snapshot();
  return { response, failure: failureFor(ctx, response, terminal, accumulator, threw, thrown) };
}

/** Waits for `work`; resolves `false` as soon as `signal` aborts instead (the work is left running). */
function settledOrAborted(work: Promise<void>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const onAbort = () => resolve(false);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    });
  });
}

function failureFor(
  ctx: LoopContext,
  response: ResponseResource,
  terminal: StreamEvent | undefined,
  accumulator: ResponseAccumulator,
  threw: boolean,
  thrown: unknown,
): OpenloopError | undefined {
  if (ctx.signal.aborted) return abortError(ctx.signal.reason);
  if (threw) {
    if (thrown instanceof OpenloopError) return thrown;
    const why = thrown instanceof Error ? thrown.message : String(thrown);
    return new OpenloopError("model_failed", `The model's stream threw: ${why}`, { cause: thrown });
  }
  if (terminal === undefined) {
    const error = accumulator.errors.find((e) => e.code !== "sse_malformed");
    // decodeSSE's own report that it stopped reading (an event past `maxEventLength`).
    if (error?.code === "stream_interrupted")
      return new OpenloopError("stream_interrupted", error.message, {
        details: { items: response.output.length },
      });
    if (error !== undefined) {
      return new OpenloopError("model_failed", error.message || "The model reported an error.", {
        details: { serverCode: error.code },
      });
    }
    return new OpenloopError(
      "stream_interrupted",
      "The model's stream ended before the response did (no response.completed, .failed or .incomplete event).",
      { details: { items: response.output.length } },
    );
  }
  if (terminal.type === "response.failed") {
    return failureOf(terminal) ?? new OpenloopError("model_failed", "The model reported a failure.");
  }
  if (terminal.type === "response.incomplete") {
    const reason = response.incomplete_details?.reason ?? "unknown";
    return new OpenloopError(
      "response_incomplete",
      `The model's response is incomplete (reason: ${reason}).`,
      {
        details: { reason },
      },
    );
  }
  return undefined;
}

/**
 * The error a run ends with when its signal aborted: the time budget's own error, a
 * consumer's cancellation, or `aborted` carrying the caller's reason.
 */
export function abortError(reason: unknown): OpenloopError {
  if (reason instanceof OpenloopError && (reason.code === "budget_exceeded" || reason.code === "aborted"))
    return reason;
  return new OpenloopError("aborted", "The run was aborted.", { cause: reason });
}

/** True when a failure means the server does not know the `previous_response_id` sent. */
export function isPreviousResponseNotFound(error: OpenloopError): boolean {
  if (error.code === "previous_response_not_found") return true;
  if (error instanceof ModelHttpError && error.serverCode === "previous_response_not_found") return true;
  return error.details?.serverCode === "previous_response_not_found";
}
