/**
 * Test support: what a recorded Anthropic Messages response says, read straight from its events
 * (independently of the adapter), to compare the translation with.
 */

// biome-ignore lint/suspicious/noExplicitAny: recorded JSON of any shape, read loosely
type Json = Record<string, any>;

export interface AnthropicExpectation {
  text: string;
  thinking: { text: string; signature: string }[];
  redacted: string[];
  calls: { id: string; name: string; arguments: string }[];
  hosted: string[];
  stopReason: string | undefined;
  error: Json | undefined;
  /** message_start's usage, updated by message_delta's (Anthropic's counts are cumulative). */
  usage: Json;
}

/** Text, thinking blocks, tool calls and hosted-tool blocks of one message's events. */
export function expectAnthropic(events: readonly Json[]): AnthropicExpectation {
  const out: AnthropicExpectation = {
    text: "",
    thinking: [],
    redacted: [],
    calls: [],
    hosted: [],
    stopReason: undefined,
    error: undefined,
    usage: {},
  };
  const blocks = new Map<number, Json>();
  for (const event of events) {
    if (event.type === "error") out.error = event.error;
    if (event.type === "message_start") Object.assign(out.usage, event.message?.usage);
    if (event.type === "message_delta") Object.assign(out.usage, event.usage);
    if (event.type === "message_delta" && event.delta?.stop_reason) out.stopReason = event.delta.stop_reason;
    if (event.type === "content_block_start") {
      const b = event.content_block;
      const state: Json = {
        block: b,
        text: b.text ?? b.thinking ?? "",
        signature: b.signature ?? "",
        json: "",
      };
      blocks.set(event.index, state);
    }
    if (event.type === "content_block_delta") {
      const state = blocks.get(event.index)!;
      const d = event.delta;
      state.text += d.text ?? d.thinking ?? "";
      state.signature += d.signature ?? "";
      state.json += d.partial_json ?? "";
    }
    if (event.type === "content_block_stop") {
      const { block, text, signature, json } = blocks.get(event.index)!;
      if (block.type === "text") out.text += text;
      else if (block.type === "thinking") out.thinking.push({ text, signature });
      else if (block.type === "redacted_thinking") out.redacted.push(block.data);
      else if (block.type === "tool_use") {
        // What the call's input is: streamed JSON, else the block's own input (`{}` without arguments).
        const prefilled = JSON.stringify(block.input ?? {});
        out.calls.push({ id: block.id, name: block.name, arguments: json || prefilled });
      } else out.hosted.push(block.type);
    }
  }
  return out;
}

/** The events a non-streaming message body would have streamed as. */
export function eventsOfBody(body: Json): Json[] {
  const events: Json[] = [{ type: "message_start", message: { ...body, content: [] } }];
  (body.content ?? []).forEach((block: Json, index: number) => {
    events.push({ type: "content_block_start", index, content_block: block });
    events.push({ type: "content_block_stop", index });
  });
  events.push({ type: "message_delta", delta: { stop_reason: body.stop_reason } });
  events.push({ type: "message_stop" });
  return events;
}

/** Split back-to-back messages (an agent run recorded as one file) at each `message_start`. */
export function splitMessages(events: readonly Json[]): Json[][] {
  const out: Json[][] = [];
  for (const event of events) {
    if (event.type === "message_start" || out.length === 0) out.push([]);
    out[out.length - 1]!.push(event);
  }
  return out;
}
