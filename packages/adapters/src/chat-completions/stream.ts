/**
 * @module chat-completions/stream — Chat Completions chunks to Open Responses events.
 *
 * One choice (index 0) is read. Text becomes a `message` with one `output_text` part; reasoning
 * (`reasoning_content`, `reasoning`, `reasoning_details`, or Mistral's `thinking` content parts)
 * becomes a `reasoning` item; each tool call becomes a `function_call` item whose `call_id` is the
 * backend's id. Quirks handled: a first chunk with only `prompt_filter_results` (Azure), indexes
 * starting at 1, calls without an index (Mistral), parallel calls sharing one index (Gemini), whole
 * calls or arguments in one chunk, usage in a trailing chunk with no choices, `finish_reason` sent
 * twice (OpenRouter), and error chunks.
 */
import { randomBytes } from "node:crypto";
import {
  type ErrorPayload,
  type OpenCall,
  OpenloopError,
  type OpenMessage,
  type OpenReasoning,
  type Usage,
} from "@openloop/protocol";
import { encodeReasoningBlob } from "../shared/reasoning-blob.js";
import type { WireWriter } from "../shared/wire-writer.js";
import type { WireTranslator } from "../transport/run-model.js";
import { mergeDetail } from "./reasoning-details.js";
import type { ChatChunk, ChatDelta, ChatReasoningDetail, ChatToolCallDelta } from "./types.js";
import { usageOf } from "./usage.js";

interface CallState {
  id: string | undefined;
  name: string | undefined;
  /** Arguments received before the name (the item cannot be announced without one). */
  pending: string;
  open: OpenCall | undefined;
}

interface ReasoningState {
  item: OpenReasoning;
  /** The field the backend used; replayed under the same name. */
  field: "reasoning_content" | "reasoning" | "reasoning_details" | undefined;
  details: Map<number, ChatReasoningDetail>;
}

/** Translates one Chat Completions response (streamed chunks, or a body) into a {@link WireWriter}. */
export class ChatCompletionsTranslator implements WireTranslator {
  readonly #w: WireWriter;
  #message: OpenMessage | undefined;
  #reasoning: ReasoningState | undefined;
  readonly #calls: CallState[] = [];
  readonly #byIndex = new Map<number, CallState>();
  #finish: string | undefined;
  #usage: Usage | null = null;

  constructor(writer: WireWriter) {
    this.#w = writer;
  }

  push(payload: unknown): void {
    if (this.#w.ended || typeof payload !== "object" || payload === null) return;
    const chunk = payload as ChatChunk;
    if (typeof chunk.model === "string" && chunk.model) this.#w.setModel(chunk.model);
    const usage = chunk.usage ?? chunk.x_groq?.usage;
    if (usage) this.#usage = usageOf(usage);
    if (chunk.error) {
      this.#failWith(chunk.error);
      return;
    }
    const choice = firstChoice(chunk.choices);
    if (!choice) return;
    const delta = choice.delta ?? choice.message;
    if (delta) this.#delta(delta);
    if (choice.finish_reason) this.#finish = choice.finish_reason;
  }

  /** A non-streaming `chat.completion` body: its message is read as one big delta. */
  body(payload: unknown): void {
    const chunk = payload as ChatChunk;
    const choice = chunk?.choices?.[0];
    const message = choice?.message;
    if (message?.tool_calls)
      message.tool_calls = message.tool_calls.map((call, index) => ({ index, ...call }));
    this.push(chunk);
    if (!chunk?.error && !choice) this.#finish = this.#finish ?? "stop";
    this.end(true);
  }

  end(sawDone: boolean): void {
    if (this.#w.ended) return;
    const nameless = this.#calls.find((call) => call.open === undefined);
    if (nameless) {
      this.#w.failWith(
        new OpenloopError(
          "invalid_response",
          `The backend streamed a tool call without a function name (id ${nameless.id ?? "none"}).`,
        ),
        undefined,
        this.#usage,
      );
      return;
    }
    if (this.#finish === undefined && !sawDone) {
      this.#w.failWith(
        new OpenloopError(
          "stream_interrupted",
          "The chat-completions stream ended without a finish_reason or [DONE].",
        ),
        undefined,
        this.#usage,
      );
      return;
    }
    if (this.#finish === "error") {
      // OpenRouter's documented finish_reason for a generation that failed upstream without an error chunk.
      this.#w.failWith(
        new OpenloopError("model_failed", 'The backend ended the response with finish_reason "error".', {
          details: { serverCode: "error" },
        }),
        undefined,
        this.#usage,
      );
      return;
    }
    this.#closeReasoning();
    if (this.#finish === "length") this.#w.incomplete("max_output_tokens", this.#usage);
    else if (this.#finish === "content_filter") this.#w.incomplete("content_filter", this.#usage);
    else this.#w.complete(this.#usage);
  }

  // ---------------------------------------------------------------- deltas

  #delta(delta: ChatDelta): void {
    const content = delta.content;
    if (Array.isArray(content)) {
      // Mistral: content parts, reasoning as `thinking` parts.
      for (const part of content) {
        if (part?.type === "thinking" && Array.isArray(part.thinking)) {
          for (const t of part.thinking) if (t?.text) this.#reasoningText(t.text, "reasoning_content");
        } else if (typeof part?.text === "string" && part.text) this.#text(part.text);
      }
    }
    this.#reasoningDelta(delta);
    if (typeof content === "string" && content !== "") this.#text(content);
    if (typeof delta.refusal === "string" && delta.refusal !== "") {
      this.#w.refusalDelta(this.#ensureMessage(), delta.refusal);
    }
    if (Array.isArray(delta.tool_calls))
      for (const call of delta.tool_calls)
        if (typeof call === "object" && call !== null) this.#toolCall(call);
  }

  #text(text: string): void {
    this.#w.textDelta(this.#ensureMessage(), text);
  }

  #ensureMessage(): OpenMessage {
    if (this.#message) return this.#message;
    this.#closeReasoning();
    this.#message = this.#w.openMessage();
    return this.#message;
  }

  #reasoningDelta(delta: ChatDelta): void {
    const details = delta.reasoning_details;
    let fromDetails = false;
    if (Array.isArray(details) && details.length > 0) {
      const state = this.#ensureReasoning("reasoning_details");
      details.forEach((detail, i) => {
        mergeDetail(state.details, detail, i);
        const text = typeof detail.text === "string" ? detail.text : detail.summary;
        if (typeof text === "string") {
          fromDetails = true;
          if (text) this.#w.reasoningDelta(state.item, text);
        }
      });
    }
    if (fromDetails) return;
    if (typeof delta.reasoning_content === "string" && delta.reasoning_content) {
      this.#reasoningText(delta.reasoning_content, "reasoning_content");
    } else if (typeof delta.reasoning === "string" && delta.reasoning) {
      this.#reasoningText(delta.reasoning, "reasoning");
    }
  }

  #reasoningText(text: string, field: "reasoning_content" | "reasoning"): void {
    this.#w.reasoningDelta(this.#ensureReasoning(field).item, text);
  }

  #ensureReasoning(field: NonNullable<ReasoningState["field"]>): ReasoningState {
    let state = this.#reasoning;
    if (state === undefined) {
      // Reasoning after text starts a new item; items only append.
      if (this.#message) {
        this.#w.close(this.#message);
        this.#message = undefined;
      }
      state = { item: this.#w.openReasoning(), field, details: new Map() };
      this.#reasoning = state;
    } else if (field === "reasoning_details") {
      state.field = field;
    }
    return state;
  }

  #closeReasoning(): void {
    const state = this.#reasoning;
    if (!state) return;
    this.#reasoning = undefined;
    const blob =
      state.field === "reasoning_details"
        ? encodeReasoningBlob("chat-completions", {
            field: "reasoning_details",
            details: [...state.details.values()],
          })
        : encodeReasoningBlob("chat-completions", {
            field: state.field ?? "reasoning_content",
            text: state.item.text,
          });
    this.#w.close(state.item, { encryptedContent: blob });
  }

  #toolCall(delta: ChatToolCallDelta): void {
    const state = this.#callFor(delta);
    if (delta.id && !state.id) state.id = delta.id;
    const name = delta.function?.name;
    if (name && !state.name) state.name = name;
    const raw: unknown = delta.function?.arguments;
    // Some compatible servers send the arguments as a JSON object instead of its text.
    const args =
      typeof raw === "string"
        ? raw
        : typeof raw === "object" && raw !== null
          ? JSON.stringify(raw)
          : undefined;
    if (state.open) {
      // Backends send empty argument fragments; the writer would emit each as an event.
      if (args) this.#w.callDelta(state.open, args);
      return;
    }
    if (args !== undefined) state.pending += args;
    if (state.name) {
      this.#closeReasoning();
      if (this.#message) {
        this.#w.close(this.#message);
        this.#message = undefined;
      }
      state.open = this.#w.openCall(state.id ?? `call_${randomBytes(12).toString("hex")}`, state.name);
      if (state.pending) this.#w.callDelta(state.open, state.pending);
      state.pending = "";
    }
  }

  /** The call a fragment belongs to: by index; without one, by id (Mistral), else the last call. */
  #callFor(delta: ChatToolCallDelta): CallState {
    if (typeof delta.index === "number") {
      let state = this.#byIndex.get(delta.index);
      // A new id at a known index is a new call: Gemini's OpenAI endpoint and some gateways give
      // every parallel call index 0 (continuation fragments carry no id, or the same one).
      if (!state || (delta.id && state.id && delta.id !== state.id)) {
        state = this.#newCall();
        this.#byIndex.set(delta.index, state);
      }
      return state;
    }
    if (delta.id) return this.#calls.find((call) => call.id === delta.id) ?? this.#newCall();
    return this.#calls[this.#calls.length - 1] ?? this.#newCall();
  }

  #newCall(): CallState {
    const state: CallState = { id: undefined, name: undefined, pending: "", open: undefined };
    this.#calls.push(state);
    return state;
  }

  #failWith(error: NonNullable<ChatChunk["error"]>): void {
    const message = error.message || "The backend reported an error mid-stream.";
    const code = error.code === undefined || error.code === null ? null : String(error.code);
    const payload: ErrorPayload = {
      type: error.type ?? "model_error",
      code,
      message,
      param: error.param ?? null,
    };
    this.#w.failWith(
      new OpenloopError("model_failed", message, { details: { serverCode: code } }),
      payload,
      this.#usage,
    );
  }
}

/** The choice with index 0 (or without an index); other choices (`n > 1`) are not read. */
function firstChoice(choices: ChatChunk["choices"]): NonNullable<ChatChunk["choices"]>[number] | undefined {
  if (!Array.isArray(choices)) return undefined;
  for (const choice of choices) if (choice && (choice.index ?? 0) === 0) return choice;
  return undefined;
}
