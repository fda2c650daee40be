/**
 * Test support: run a wire translator over recorded payloads without HTTP, and check what comes out.
 */
import type { CreateResponseBody, StreamEvent } from "@openloop/protocol";
import { streamOrderViolations, validateAgainstSpec } from "@openloop/protocol/fixtures";
import { WireWriter } from "../../src/shared/wire-writer.js";
import type { WireTranslator } from "../../src/transport/run-model.js";

export type TranslatorFactory = (writer: WireWriter) => WireTranslator;

/** The events `factory`'s translator writes for a stream of payloads (`done`: the stream ended with [DONE]). */
export function translateStream(
  factory: TranslatorFactory,
  payloads: readonly unknown[],
  options: { request?: CreateResponseBody; done?: boolean } = {},
): StreamEvent[] {
  const writer = new WireWriter(options.request ?? {}, "recorded");
  const translator = factory(writer);
  writer.start();
  for (const payload of payloads) {
    if (writer.ended) break;
    translator.push(payload);
  }
  translator.end(options.done ?? false);
  return writer.events.slice();
}

/** The events for a non-streaming body. */
export function translateBody(
  factory: TranslatorFactory,
  body: unknown,
  request: CreateResponseBody = {},
): StreamEvent[] {
  const writer = new WireWriter(request, "recorded");
  const translator = factory(writer);
  writer.start();
  translator.body(body);
  return writer.events.slice();
}

/**
 * Every spec violation in `events`: each event against the spec's schema for its type (extension
 * items, which the spec's closed `oneOf` cannot know, are checked for a slug-prefixed `type`
 * instead), the spec's ordering rules (`streamOrderViolations`), and what the `openai` SDK enforces.
 */
export function specViolations(events: readonly StreamEvent[]): string[] {
  // A request that failed before any stream (HTTP error, refused input) is a lone response.failed,
  // as every model in openloop reports it; the ordering rules apply to actual streams.
  const lone = events.length === 1 && events[0]!.type === "response.failed";
  const out: string[] = lone ? [] : streamOrderViolations(events);
  const announced = new Set<number>();
  let expectedSeq = 0;
  events.forEach((event, i) => {
    const e = event as Record<string, unknown>;
    if (e.sequence_number !== expectedSeq)
      out.push(`#${i} ${event.type}: sequence_number ${e.sequence_number}, expected ${expectedSeq}`);
    expectedSeq++;
    if (i === 0 && event.type !== "response.created" && event.type !== "response.failed")
      out.push("first event is not response.created");
    for (const err of validateAgainstSpec("StreamEvent", withoutExtensions(e, i, out))) {
      out.push(`#${i} ${event.type}${err.path}: ${err.message}`);
    }
    if (event.type === "response.output_item.added") announced.add(e.output_index as number);
    else if (typeof e.output_index === "number" && !announced.has(e.output_index)) {
      out.push(`#${i} ${event.type}: output_index ${e.output_index} was never announced`);
    }
  });
  const terminal = events.filter((e) =>
    ["response.completed", "response.incomplete", "response.failed"].includes(e.type),
  );
  if (terminal.length !== 1 || terminal[0] !== events[events.length - 1])
    out.push("not exactly one terminal event, last");
  return out;
}

const PLACEHOLDER = { type: "message", id: "x", status: "completed", role: "assistant", content: [] };

/** `event` with extension items (checked here for a slug-prefixed type) swapped for a plain message. */
function withoutExtensions(e: Record<string, unknown>, i: number, out: string[]): Record<string, unknown> {
  const swap = (item: unknown): unknown => {
    const type = (item as { type?: unknown } | null)?.type;
    if (typeof type !== "string" || !type.includes(":")) return item;
    if (!/^[a-z0-9_-]+:[a-z0-9_]+$/.test(type))
      out.push(`#${i}: extension item type ${type} is not slug-prefixed`);
    return PLACEHOLDER;
  };
  let copy = e;
  if (e.item !== undefined) copy = { ...copy, item: swap(e.item) };
  const response = e.response as { output?: unknown[] } | undefined;
  if (Array.isArray(response?.output))
    copy = { ...copy, response: { ...response, output: response.output.map(swap) } };
  return copy;
}
