/**
 * @module anthropic-messages/stream — Anthropic Messages events to Open Responses events.
 *
 * Text blocks become `output_text` parts of one `message` (one part per block, citations with a URL
 * as `url_citation` annotations); `thinking` and `redacted_thinking` blocks become `reasoning`
 * items (thinking text as a `reasoning_text` part; the block itself, signature or redacted data
 * included, in `encrypted_content` so it replays verbatim); `tool_use` blocks become `function_call`
 * items with the block's id as `call_id`; hosted-tool blocks (`server_tool_use`,
 * `web_search_tool_result`, `mcp_tool_use`, `compaction`, ...) become `anthropic:<type>` extension
 * items carrying the block. `stop_reason` maps to the response status: `max_tokens` → incomplete,
 * `refusal` → a `refusal` part.
 */
import {
  type Annotation,
  type ErrorPayload,
  type OpenCall,
  type OpenExtension,
  OpenloopError,
  type OpenMessage,
  type OpenReasoning,
} from "@openloop/protocol";
import { encodeReasoningBlob } from "../shared/reasoning-blob.js";
import type { WireWriter } from "../shared/wire-writer.js";
import type { WireTranslator } from "../transport/run-model.js";
import type { AnthropicBlock, AnthropicEvent, AnthropicMessageBody, AnthropicUsage } from "./types.js";
import { usageOf } from "./usage.js";

type BlockState =
  | { kind: "text"; message: OpenMessage }
  | { kind: "thinking"; item: OpenReasoning; signature: string }
  | { kind: "redacted"; item: OpenReasoning; data: string }
  | { kind: "call"; call: OpenCall }
  | { kind: "extension"; ext: OpenExtension; block: AnthropicBlock; json: string };

/** `stop_reason`s that end a response early, with the spec's `incomplete_details.reason`. */
const INCOMPLETE: Record<string, string> = {
  max_tokens: "max_output_tokens",
  model_context_window_exceeded: "max_input_tokens",
  pause_turn: "pause_turn",
};

/** Translates one Messages response (streamed events, or a body) into a {@link WireWriter}. */
export class AnthropicMessagesTranslator implements WireTranslator {
  readonly #w: WireWriter;
  readonly #blocks = new Map<number, BlockState>();
  #message: OpenMessage | undefined;
  #usage: AnthropicUsage = {};
  #stopReason: string | null | undefined;
  #stopped = false;
  /**
   * The item of the last stopped block, closed only when the next block starts or the message ends:
   * if the message ends at `max_tokens`, that item is the one cut short and must say `incomplete`.
   */
  #deferred: { item: OpenReasoning | OpenCall | OpenExtension; encryptedContent?: string } | undefined;

  constructor(writer: WireWriter) {
    this.#w = writer;
  }

  push(payload: unknown): void {
    if (this.#w.ended || typeof payload !== "object" || payload === null) return;
    const event = payload as AnthropicEvent;
    switch (event.type) {
      case "message_start":
        this.#start(event.message ?? {});
        break;
      case "content_block_start":
        this.#blockStart(event.index, event.content_block);
        break;
      case "content_block_delta":
        this.#blockDelta(event.index, event.delta);
        break;
      case "content_block_stop":
        this.#blockStop(event.index);
        break;
      case "message_delta":
        if (event.usage) this.#addUsage(event.usage);
        if (event.delta?.stop_reason) this.#stop(event.delta.stop_reason, event.delta.stop_details);
        break;
      case "message_stop":
        // The message is whole: end now rather than wait for the connection to close (a proxy
        // holding it open would otherwise turn a finished answer into an idle timeout).
        this.#stopped = true;
        this.end(true);
        break;
      case "error":
        this.#fail(event.error ?? {});
        break;
      default:
        // `ping` and event types added later carry nothing to translate.
        break;
    }
  }

  /** A non-streaming message body, replayed as the events that would have streamed it. */
  body(payload: unknown): void {
    const message = (payload ?? {}) as AnthropicMessageBody & {
      type?: string;
      error?: { type?: string; message?: string };
    };
    if (message.type === "error") {
      this.#fail(message.error ?? {});
      return;
    }
    this.push({ type: "message_start", message: { ...message, content: [] } });
    (message.content ?? []).forEach((block, index) => {
      this.push({ type: "content_block_start", index, content_block: block });
      this.push({ type: "content_block_stop", index });
    });
    this.push({
      type: "message_delta",
      delta: { stop_reason: message.stop_reason, stop_details: message.stop_details },
    });
    this.end(true);
  }

  end(_sawDone: boolean): void {
    if (this.#w.ended) return;
    const usage = usageOf(this.#usage);
    if (this.#stopReason === undefined && !this.#stopped) {
      this.#w.failWith(
        new OpenloopError("stream_interrupted", "The anthropic-messages stream ended before message_stop."),
        undefined,
        usage,
      );
      return;
    }
    const reason = this.#stopReason ? INCOMPLETE[this.#stopReason] : undefined;
    this.#closeDeferred(reason ? "incomplete" : "completed");
    if (reason) this.#w.incomplete(reason, usage);
    else this.#w.complete(usage);
  }

  // ---------------------------------------------------------------- blocks

  #start(message: AnthropicMessageBody): void {
    if (message.model) this.#w.setModel(message.model);
    if (message.usage) this.#addUsage(message.usage);
    // Some servers send the content already filled in here.
    (message.content ?? []).forEach((block, index) => {
      this.#blockStart(index, block);
      this.#blockStop(index);
    });
  }

  #blockStart(index: number, block: AnthropicBlock): void {
    if (!block || typeof block.type !== "string") return;
    this.#closeDeferred("completed");
    if (block.type === "text") {
      const message = this.#ensureMessage();
      this.#blocks.set(index, { kind: "text", message });
      this.#w.openPart(message);
      if (typeof block.text === "string" && block.text) this.#w.textDelta(message, block.text);
      if (Array.isArray(block.citations)) this.#cite(message, block.citations);
      return;
    }
    this.#closeMessage();
    if (block.type === "thinking") {
      const item = this.#w.openReasoning();
      this.#blocks.set(index, {
        kind: "thinking",
        item,
        signature: typeof block.signature === "string" ? block.signature : "",
      });
      if (typeof block.thinking === "string" && block.thinking) this.#w.reasoningDelta(item, block.thinking);
    } else if (block.type === "redacted_thinking") {
      const item = this.#w.openReasoning();
      this.#blocks.set(index, {
        kind: "redacted",
        item,
        data: typeof block.data === "string" ? block.data : "",
      });
    } else if (block.type === "tool_use") {
      const call = this.#w.openCall(String(block.id ?? ""), String(block.name ?? ""));
      this.#blocks.set(index, { kind: "call", call });
      const input = block.input;
      if (input && typeof input === "object" && Object.keys(input).length > 0)
        this.#w.callDelta(call, JSON.stringify(input));
    } else {
      const ext = this.#w.openExtension(`anthropic:${block.type}`, { block });
      this.#blocks.set(index, { kind: "extension", ext, block: { ...block }, json: "" });
    }
  }

  #blockDelta(index: number, delta: { type: string; [key: string]: unknown }): void {
    const state = this.#blocks.get(index);
    if (!state || !delta) return;
    switch (delta.type) {
      case "text_delta":
        if (state.kind === "text" && typeof delta.text === "string")
          this.#w.textDelta(state.message, delta.text);
        break;
      case "citations_delta":
        if (state.kind === "text" && delta.citation) this.#cite(state.message, [delta.citation]);
        break;
      case "thinking_delta":
        if (state.kind === "thinking" && typeof delta.thinking === "string")
          this.#w.reasoningDelta(state.item, delta.thinking);
        break;
      case "signature_delta":
        if (state.kind === "thinking" && typeof delta.signature === "string")
          state.signature += delta.signature;
        break;
      case "input_json_delta":
        // The first one is often empty: nothing to write (the writer would emit it as an event).
        if (typeof delta.partial_json !== "string" || delta.partial_json === "") break;
        if (state.kind === "call") this.#w.callDelta(state.call, delta.partial_json);
        else if (state.kind === "extension") state.json += delta.partial_json;
        break;
      case "compaction_delta":
        if (state.kind === "extension" && typeof delta.content === "string") {
          state.block.content =
            (typeof state.block.content === "string" ? state.block.content : "") + delta.content;
        }
        break;
      default:
        break;
    }
  }

  #blockStop(index: number): void {
    const state = this.#blocks.get(index);
    if (!state) return;
    this.#blocks.delete(index);
    switch (state.kind) {
      case "text": {
        // Anthropic cites a whole block: the annotation spans the part, known only now.
        const part = state.message.part;
        if (part)
          for (const a of part.annotations) if (a.type === "url_citation") a.end_index = part.text.length;
        this.#w.closePart(state.message);
        break;
      }
      case "thinking":
        this.#deferred = {
          item: state.item,
          encryptedContent: encodeReasoningBlob("anthropic-messages", {
            block: { type: "thinking", thinking: state.item.text, signature: state.signature },
          }),
        };
        break;
      case "redacted":
        this.#deferred = {
          item: state.item,
          encryptedContent: encodeReasoningBlob("anthropic-messages", {
            block: { type: "redacted_thinking", data: state.data },
          }),
        };
        break;
      case "call":
        // A call without arguments streams none (its input is `{}`); the spec's `arguments` is a
        // JSON string, and clients JSON.parse it, so it says `{}` as other backends do.
        if (state.call.args === "") this.#w.callDelta(state.call, "{}");
        this.#deferred = { item: state.call };
        break;
      case "extension":
        if (state.json) {
          try {
            state.block.input = JSON.parse(state.json);
          } catch {
            state.block.input = state.json;
          }
        }
        state.ext.item.block = state.block;
        this.#deferred = { item: state.ext };
        break;
    }
  }

  /** Citations pointing at a URL become `url_citation` annotations spanning the whole text part. */
  #cite(message: OpenMessage, citations: unknown[]): void {
    const annotations: Annotation[] = [];
    for (const c of citations as Record<string, unknown>[]) {
      if (typeof c?.url !== "string") continue;
      annotations.push({
        type: "url_citation",
        url: c.url,
        title: typeof c.title === "string" ? c.title : "",
        start_index: 0,
        end_index: 0,
      });
    }
    if (annotations.length > 0) this.#w.annotate(message, annotations);
  }

  #closeDeferred(status: "completed" | "incomplete"): void {
    const deferred = this.#deferred;
    if (!deferred) return;
    this.#deferred = undefined;
    this.#w.close(deferred.item, { status, encryptedContent: deferred.encryptedContent });
  }

  #ensureMessage(): OpenMessage {
    this.#message ??= this.#w.openMessage();
    return this.#message;
  }

  #closeMessage(): void {
    if (this.#message) this.#w.close(this.#message);
    this.#message = undefined;
  }

  #stop(reason: string, details: AnthropicMessageBody["stop_details"]): void {
    this.#stopReason = reason;
    if (reason === "refusal") {
      this.#closeDeferred("completed");
      const message = this.#ensureMessage();
      this.#w.refusalDelta(
        message,
        details?.explanation || "The model declined to answer (stop_reason: refusal).",
      );
      this.#w.closePart(message);
    }
  }

  /**
   * Takes the counts `usage` has. message_delta's are cumulative, but the API types them
   * `number | null`: a null must not erase message_start's count.
   */
  #addUsage(usage: AnthropicUsage): void {
    for (const [key, value] of Object.entries(usage))
      if (typeof value === "number") (this.#usage as Record<string, number>)[key] = value;
  }

  #fail(error: { type?: string; message?: string }): void {
    const message = error.message || "The backend reported an error mid-stream.";
    const code = error.type ?? null;
    const payload: ErrorPayload = { type: "model_error", code, message, param: null };
    this.#w.failWith(
      new OpenloopError("model_failed", message, { details: { serverCode: code } }),
      payload,
      usageOf(this.#usage),
    );
  }
}
