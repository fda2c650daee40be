/**
 * @module emit/response-events — a finished response as its event stream.
 */
import type { StreamEvent } from "../schemas/events.js";
import type { OutputItem } from "../schemas/items.js";
import type { ResponseResource } from "../schemas/response.js";
import { ResponseEmitter, type ResponseEmitterOptions } from "./emitter.js";

/**
 * The whole event stream of a finished response: `response.created`, `response.in_progress`,
 * every output item's events in order, and the terminal event matching `response.status`
 * (`completed`, `incomplete` or `failed`) carrying the response itself.
 *
 * Used to present a non-streaming response as a stream (so consumers see one vocabulary), and by
 * test doubles. Missing required fields are filled as `createResponseResource` does.
 *
 * @example
 * const response = await (await fetch(url, { method: "POST", body })).json();
 * for (const event of responseEvents(response)) handle(event);
 */
export function* responseEvents(
  response: Partial<ResponseResource> | Record<string, unknown>,
  options: ResponseEmitterOptions = {},
): Generator<StreamEvent, void, undefined> {
  const emitter = new ResponseEmitter(response, options);
  yield* emitter.start();
  const output = (response as { output?: unknown }).output;
  if (Array.isArray(output)) for (const item of output as OutputItem[]) yield* emitter.item(item);
  const final = response as Partial<ResponseResource>;
  yield emitter.end({ ...final, status: final.status ?? "completed" });
}
