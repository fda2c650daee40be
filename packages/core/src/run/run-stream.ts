/**
 * @module run/run-stream — `runStream(agent, input)`: the same run, event by event.
 */
import type { Agent } from "../agent/agent.js";
import type { RunEvent } from "../events/run-event.js";
import { EventChannel } from "./channel.js";
import { cancelledByConsumer, executeRun } from "./execute.js";
import type { RunOptions } from "./options.js";
import type { RunInput } from "./prepare.js";
import type { RunResult } from "./result.js";

/** A run in progress: iterate it for events, await `result` for the outcome. */
export interface StreamedRun<TOutput = string> extends AsyncIterable<RunEvent<TOutput>> {
  /**
   * The outcome, as `run()` would give it: resolves for completed / interrupted / stopped runs,
   * rejects with a `RunError` otherwise. Never an unhandled rejection if you do not await it.
   */
  readonly result: Promise<RunResult<TOutput>>;
  /** Cancels the run (as aborting `options.signal` would). */
  abort(reason?: unknown): void;
}

/**
 * Starts `agent` on `input` and returns at once. Iterate the returned object for the run's events:
 * the model's own events exactly as they came (`response.output_text.delta`, ...) and the loop's
 * (`turn.started`, `tool_call.completed`, `approval.requested`, ..., ending with one of
 * `run.completed`, `run.stopped`, `run.interrupted`, `run.failed`). Iteration never throws for a
 * failed run: it yields `run.failed` and ends. Breaking out of the loop cancels the run (its
 * `result` then rejects with `aborted`).
 *
 * The run starts immediately; events are buffered until you iterate (one consumer).
 *
 * @example
 * ```ts
 * const stream = runStream(agent, "Weather in Paris?");
 * for await (const event of stream) {
 *   if (event.type === "response.output_text.delta") process.stdout.write(event.delta);
 * }
 * const result = await stream.result;
 * ```
 */
export function runStream<TContext, TOutput = string>(
  agent: Agent<TContext, TOutput>,
  input: RunInput,
  options: RunOptions<TContext> = {},
): StreamedRun<TOutput> {
  const channel = new EventChannel();
  const controller = new AbortController();
  const result = executeRun(
    agent as unknown as Agent<never, unknown>,
    input,
    options as RunOptions<unknown>,
    channel,
    controller,
  ).finally(() => channel.close()) as Promise<RunResult<TOutput>>;
  // Marks the promise handled: a caller that only iterates must not crash the process.
  result.catch(() => undefined);
  let taken = false;
  return {
    result,
    abort: (reason?: unknown) => controller.abort(reason ?? cancelledByConsumer()),
    [Symbol.asyncIterator](): AsyncIterator<RunEvent<TOutput>> {
      if (taken) throw new TypeError("runStream() can be iterated once");
      taken = true;
      channel.startIterating();
      return {
        next: () => channel.next() as Promise<IteratorResult<RunEvent<TOutput>>>,
        return: async () => {
          // The consumer left (break, return, throw): cancel the run and wait for it to wind down.
          channel.stopIterating();
          controller.abort(cancelledByConsumer());
          await result.then(
            () => undefined,
            () => undefined,
          );
          return { value: undefined, done: true };
        },
      };
    },
  };
}
