/**
 * @module chat-completions/messages — Open Responses input items to Chat Completions messages.
 *
 * Consecutive assistant-side items (reasoning, assistant messages, function calls) become one
 * assistant message: its text, the replayed reasoning, and `tool_calls`. Function outputs become
 * `tool` messages with the matching `tool_call_id`. Items the wire cannot express (another
 * provider's reasoning, hosted-tool items) are dropped; an `item_reference` is refused upstream.
 */
import type { CreateResponseBody } from "@openloop/protocol";
import { type InputItem, inputItems, textOf } from "../shared/input.js";
import { decodeReasoningBlob } from "../shared/reasoning-blob.js";
import type { ChatMessage, ChatUserPart } from "./types.js";

type AssistantMessage = Extract<ChatMessage, { role: "assistant" }>;

/** How reasoning the backend returned is sent back on later turns. */
export type ReasoningReplay = "all" | "tool-turns" | "none";

/** The `messages` for `body`: instructions first, then the input in order. */
export function toChatMessages(body: CreateResponseBody, replay: ReasoningReplay = "all"): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (body.instructions) messages.push({ role: "system", content: body.instructions });
  let assistant: AssistantMessage | undefined;
  // Images in tool outputs: tool messages carry text only, so they follow the tool messages as a user turn.
  let pendingImages: ChatUserPart[] = [];
  const flush = (): void => {
    if (assistant) {
      if (assistant.content === undefined && !assistant.tool_calls) assistant.content = "";
      messages.push(assistant);
      assistant = undefined;
    }
  };
  // The user turn that started the current exchange (for "tool-turns"): a user message carrying a
  // tool output's images continues the exchange, it does not start one.
  let lastUserTurn = -1;
  const flushImages = (): void => {
    if (pendingImages.length > 0) {
      messages.push({ role: "user", content: pendingImages });
      pendingImages = [];
    }
  };
  const openAssistant = (): AssistantMessage => {
    flushImages();
    if (!assistant) assistant = { role: "assistant" };
    return assistant;
  };

  for (const item of inputItems(body)) {
    if (item.type !== "function_call_output") flushImages();
    switch (item.type) {
      case "message": {
        const role = item.role;
        if (role === "assistant") {
          // Text after tool calls starts a new assistant message: chat puts text before calls.
          if (assistant?.tool_calls) flush();
          const a = openAssistant();
          const text = textOf(item.content);
          a.content = (a.content ?? "") + text;
          break;
        }
        flush();
        if (role === "system" || role === "developer")
          messages.push({ role: "system", content: textOf(item.content) });
        else {
          lastUserTurn = messages.length;
          messages.push({ role: "user", content: userContent(item.content) });
        }
        break;
      }
      case "function_call": {
        const a = openAssistant();
        a.tool_calls ??= [];
        a.tool_calls.push({
          id: String(item.call_id),
          type: "function",
          function: { name: String(item.name), arguments: String(item.arguments ?? "") },
        });
        break;
      }
      case "reasoning": {
        const blob = decodeReasoningBlob("chat-completions", item.encrypted_content as string | undefined);
        if (!blob || replay === "none") break;
        if (assistant?.tool_calls) flush();
        const a = openAssistant();
        if (blob.field === "reasoning_details") {
          a.reasoning_details ??= [];
          a.reasoning_details.push(...blob.details);
        } else a[blob.field] = (a[blob.field] ?? "") + blob.text;
        break;
      }
      case "function_call_output": {
        flush();
        const { text, images } = toolOutput(item.output);
        messages.push({ role: "tool", tool_call_id: String(item.call_id), content: text });
        pendingImages.push(...images);
        break;
      }
      default:
        // Hosted-tool and vendor items have no Chat Completions form.
        break;
    }
  }
  flush();
  flushImages();
  if (replay === "tool-turns") dropSettledReasoning(messages, lastUserTurn);
  return messages;
}

/** User content: a plain string when it is all text (what every server accepts), else parts. */
function userContent(content: unknown): string | ChatUserPart[] {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  const parts = (content as InputItem[]).map(userPart).filter((p): p is ChatUserPart => p !== undefined);
  if (parts.every((p) => p.type === "text")) return parts.map((p) => (p as { text: string }).text).join("\n");
  return parts;
}

function userPart(part: InputItem): ChatUserPart | undefined {
  switch (part.type) {
    case "input_text":
      return { type: "text", text: String(part.text ?? "") };
    case "input_image": {
      if (typeof part.image_url !== "string") return undefined;
      const image: { url: string; detail?: string } = { url: part.image_url };
      if (typeof part.detail === "string") image.detail = part.detail;
      return { type: "image_url", image_url: image };
    }
    case "input_file": {
      const file: { filename?: string; file_data?: string } = {};
      if (typeof part.filename === "string") file.filename = part.filename;
      if (typeof part.file_data === "string") file.file_data = part.file_data;
      else if (typeof part.file_url === "string") file.file_data = part.file_url;
      return { type: "file", file };
    }
    default:
      return undefined;
  }
}

/** A function output as tool-message text, with its images set aside. */
function toolOutput(output: unknown): { text: string; images: ChatUserPart[] } {
  if (typeof output === "string") return { text: output, images: [] };
  const images: ChatUserPart[] = [];
  let text = "";
  if (Array.isArray(output)) {
    for (const part of output as InputItem[]) {
      if (part.type === "input_text") text += String(part.text ?? "");
      else if (part.type === "input_image" && typeof part.image_url === "string") {
        images.push({ type: "image_url", image_url: { url: part.image_url } });
      }
    }
  }
  if (text === "" && images.length > 0) text = `[${images.length} image(s) attached in the next message]`;
  return { text, images };
}

/**
 * DeepSeek's rule for thinking with tools: reasoning is sent back only within the current user turn
 * (while tool calls are in flight); earlier turns' reasoning is dropped.
 */
function dropSettledReasoning(messages: ChatMessage[], lastUserTurn: number): void {
  for (let i = 0; i < lastUserTurn; i++) {
    const m = messages[i]!;
    if (m.role === "assistant") {
      delete m.reasoning_content;
      delete m.reasoning;
      delete m.reasoning_details;
    }
  }
}
