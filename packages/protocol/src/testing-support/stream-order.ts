/**
 * @module testing-support/stream-order — checks a stream against the spec's ordering rules.
 *
 * The spec's schemas say what each event looks like; this says whether a sequence of them is a
 * well-formed response stream (the compliance suite does not check order, so our tests must).
 */

type AnyEvent = { type: string; [key: string]: unknown };

const TERMINAL = new Set(["response.completed", "response.failed", "response.incomplete"]);

/** Events that belong to a part of an item, and the part family ("content" or "summary") they need. */
const PART_EVENTS: Record<string, { family: "content" | "summary"; done?: true }> = {
  "response.output_text.delta": { family: "content" },
  "response.output_text.done": { family: "content", done: true },
  "response.output_text.annotation.added": { family: "content" },
  "response.refusal.delta": { family: "content" },
  "response.refusal.done": { family: "content", done: true },
  "response.reasoning.delta": { family: "content" },
  "response.reasoning.done": { family: "content", done: true },
  "response.reasoning_text.delta": { family: "content" },
  "response.reasoning_text.done": { family: "content", done: true },
  "response.reasoning_summary_text.delta": { family: "summary" },
  "response.reasoning_summary_text.done": { family: "summary", done: true },
};

/**
 * The ordering rules `events` breaks, as readable strings (`[]` when it is a well-formed stream):
 * the first event is `response.created` (or `response.queued`); `sequence_number`s count up by one;
 * exactly one terminal event, last; `output_index`es are announced by `output_item.added` in order
 * 0, 1, 2, ... and each item is closed once by `output_item.done`; `item_id` is the item's id; a
 * content or summary part is added before its deltas and closed after its `.done` event; nothing
 * refers to a closed item or part; an `error` event is followed by `response.failed`; and the
 * terminal response's `output` has one entry per item.
 *
 * @example expect(streamOrderViolations(events)).toEqual([]);
 */
export function streamOrderViolations(events: readonly AnyEvent[]): string[] {
  const problems: string[] = [];
  const fail = (i: number, message: string) => problems.push(`event ${i} (${events[i]?.type}): ${message}`);
  const items: { id: unknown; open: boolean }[] = [];
  const parts = new Map<string, "open" | "text-done" | "closed">();
  let terminalAt = -1;

  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (i === 0 && event.type !== "response.created" && event.type !== "response.queued")
      fail(i, "the first event must be response.created");
    const seq = event.sequence_number;
    const prev = i > 0 ? events[i - 1]!.sequence_number : undefined;
    if (typeof seq !== "number") fail(i, "no sequence_number");
    else if (typeof prev === "number" && seq !== prev + 1) fail(i, `sequence_number ${seq} after ${prev}`);
    if (terminalAt >= 0) fail(i, `event after the terminal event ${terminalAt}`);
    if (TERMINAL.has(event.type)) terminalAt = i;
    if (event.type === "error" && events[i + 1]?.type !== "response.failed")
      fail(i, "an error event must be followed by response.failed");

    const index = event.output_index;
    if (event.type === "response.output_item.added") {
      if (index !== items.length) fail(i, `output_index ${String(index)}, expected ${items.length}`);
      items.push({ id: (event.item as { id?: unknown } | null)?.id, open: true });
      continue;
    }
    if (typeof index !== "number") continue;
    const item = items[index];
    if (item === undefined || !item.open) {
      fail(i, `output_index ${index} ${item ? "is already done" : "was never added"}`);
      continue;
    }
    if ("item_id" in event && event.item_id !== item.id)
      fail(i, `item_id ${JSON.stringify(event.item_id)} is not the item's id ${JSON.stringify(item.id)}`);
    if (event.type === "response.output_item.done") {
      item.open = false;
      for (const [key, state] of parts)
        if (key.startsWith(`${index}/`) && state !== "closed") fail(i, `part ${key} was never closed`);
      continue;
    }
    const family =
      event.type === "response.reasoning_summary_part.added" ||
      event.type === "response.reasoning_summary_part.done"
        ? "summary"
        : event.type === "response.content_part.added" || event.type === "response.content_part.done"
          ? "content"
          : PART_EVENTS[event.type]?.family;
    if (family === undefined) continue;
    const partIndex = family === "summary" ? event.summary_index : event.content_index;
    const key = `${index}/${family}/${String(partIndex)}`;
    const state = parts.get(key);
    if (event.type.endsWith("_part.added")) {
      if (state !== undefined) fail(i, `part ${key} added twice`);
      parts.set(key, "open");
    } else if (event.type.endsWith("_part.done")) {
      if (state === undefined) fail(i, `part ${key} closed before it was added`);
      parts.set(key, "closed");
    } else if (state !== "open") {
      fail(i, state === undefined ? `part ${key} was never added` : `part ${key} is already done`);
    } else if (PART_EVENTS[event.type]?.done) {
      parts.set(key, "text-done");
    }
  }

  if (terminalAt < 0) problems.push("no terminal event (response.completed, .incomplete or .failed)");
  else {
    // A failed response may stop inside an item; its output then holds the items that were done.
    const failed = events[terminalAt]!.type === "response.failed";
    const done = items.filter((item) => !item.open).length;
    if (!failed)
      for (const [index, item] of items.entries())
        if (item.open) problems.push(`output_index ${index} was never done`);
    const output = (events[terminalAt]!.response as { output?: unknown[] } | undefined)?.output;
    const expected = failed ? done : items.length;
    if (!Array.isArray(output)) problems.push("the terminal response has no output array");
    else if (output.length !== expected)
      problems.push(`the terminal response has ${output.length} output items, the stream ${expected}`);
  }
  return problems;
}
