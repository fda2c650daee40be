/**
 * @module accumulate/accumulate — a whole stream of events to one `ResponseResource`.
 */
import { describeKind } from "../errors/describe-kind.js";
import { OpenloopError } from "../errors/index.js";
import type { StreamEvent } from "../schemas/events.js";
import type { ResponseResource } from "../schemas/response.js";
import { ResponseAccumulator } from "./accumulator.js";

/**
 * Consume every event and resolve to the rebuilt response (see {@link ResponseAccumulator} for
 * the rules). Resolves even when the stream ends without a terminal event: check `status`.
 * Rejects with `invalid_config` when `events` is not iterable, and with the source's own error
 * when iterating it fails.
 *
 * @example const response = await accumulate(decodeSSE(await fetch(url, init)));
 */
export async function accumulate(
  events: AsyncIterable<StreamEvent> | Iterable<StreamEvent>,
): Promise<ResponseResource> {
  const accumulator = new ResponseAccumulator();
  if (
    typeof events !== "object" ||
    events === null ||
    !(Symbol.iterator in events || Symbol.asyncIterator in events)
  )
    throw new OpenloopError(
      "invalid_config",
      `accumulate(): Expected an iterable or async iterable of events (such as decodeSSE(response)), got ${describeKind(events)}`,
    );
  if (Symbol.asyncIterator in events) for await (const event of events) accumulator.push(event);
  else for (const event of events) accumulator.push(event);
  return accumulator.snapshot();
}
