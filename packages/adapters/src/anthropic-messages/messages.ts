/**
 * @module anthropic-messages/messages — Open Responses input items to Anthropic `system` and `messages`.
 *
 * System and developer messages join the top-level `system` (Anthropic has no system turns).
 * Everything else becomes alternating user/assistant turns: consecutive items of one side share a
 * turn. Assistant turns hold text, the replayed thinking blocks (from the reasoning items'
 * `encrypted_content`, verbatim, as the API requires), `tool_use` blocks and hosted-tool blocks;
 * user turns hold text, images, documents and `tool_result` blocks.
 */
import type { CreateResponseBody } from "@openloop/protocol";
import { argumentsObject, type InputItem, inputItems, parseDataUrl, textOf } from "../shared/input.js";
import { decodeReasoningBlob } from "../shared/reasoning-blob.js";
import { anthropicToolId } from "./tool-ids.js";
import type { AnthropicBlock, AnthropicMessage } from "./types.js";

/** The `system` text and `messages` for `body`. */
export function toAnthropicMessages(body: CreateResponseBody): {
  system: string | undefined;
  messages: AnthropicMessage[];
} {
  const system: string[] = [];
  if (body.instructions) system.push(body.instructions);
  const messages: AnthropicMessage[] = [];
  const add = (role: AnthropicMessage["role"], blocks: AnthropicBlock[]): void => {
    if (blocks.length === 0) return;
    const last = messages[messages.length - 1];
    if (last?.role !== role) messages.push({ role, content: blocks });
    else if (blocks[0]?.type === "tool_result") {
      // The API wants a user turn's tool_result blocks before anything else in it (a user message
      // can sit between a call and its output, e.g. one typed while an approval was pending).
      const firstOther = last.content.findIndex((b) => b.type !== "tool_result");
      if (firstOther === -1) last.content.push(...blocks);
      else last.content.splice(firstOther, 0, ...blocks);
    } else last.content.push(...blocks);
  };

  for (const item of inputItems(body)) {
    switch (item.type) {
      case "message":
        if (item.role === "system" || item.role === "developer") system.push(textOf(item.content));
        else if (item.role === "assistant") add("assistant", assistantBlocks(item.content));
        else add("user", userBlocks(item.content));
        break;
      case "reasoning": {
        const blob = decodeReasoningBlob("anthropic-messages", item.encrypted_content as string | undefined);
        // Thinking from another backend has no valid signature here: Anthropic would reject it.
        if (blob) add("assistant", [{ ...blob.block }]);
        break;
      }
      case "function_call":
        add("assistant", [
          {
            type: "tool_use",
            id: anthropicToolId(String(item.call_id)),
            name: String(item.name),
            input: argumentsObject(String(item.arguments ?? "")),
          },
        ]);
        break;
      case "function_call_output":
        add("user", [
          {
            type: "tool_result",
            tool_use_id: anthropicToolId(String(item.call_id)),
            content: toolResultContent(item.output),
          },
        ]);
        break;
      default:
        // Our own extension items carry the hosted-tool block verbatim; other vendors' items do not apply.
        if (item.type.startsWith("anthropic:") && typeof item.block === "object" && item.block !== null) {
          add("assistant", [item.block as AnthropicBlock]);
        }
        break;
    }
  }
  return { system: system.length > 0 ? system.join("\n\n") : undefined, messages };
}

function assistantBlocks(content: unknown): AnthropicBlock[] {
  if (typeof content === "string") return content ? [{ type: "text", text: content }] : [];
  if (!Array.isArray(content)) return [];
  const blocks: AnthropicBlock[] = [];
  for (const part of content as InputItem[]) {
    const text = part.type === "refusal" ? part.refusal : part.text;
    if (typeof text === "string" && text !== "") blocks.push({ type: "text", text });
  }
  return blocks;
}

/** A user turn's blocks. Empty text is left out: the API refuses an empty text block (400). */
function userBlocks(content: unknown): AnthropicBlock[] {
  if (typeof content === "string") return content ? [{ type: "text", text: content }] : [];
  if (!Array.isArray(content)) return [];
  return blocksOf(content as InputItem[]);
}

function blocksOf(parts: InputItem[]): AnthropicBlock[] {
  return parts
    .map(userBlock)
    .filter((b): b is AnthropicBlock => b !== undefined && !(b.type === "text" && b.text === ""));
}

function userBlock(part: InputItem): AnthropicBlock | undefined {
  switch (part.type) {
    case "input_text":
      return { type: "text", text: String(part.text ?? "") };
    case "input_image":
      return typeof part.image_url === "string"
        ? { type: "image", source: source(part.image_url, "image/png") }
        : undefined;
    case "input_file": {
      const data = typeof part.file_data === "string" ? part.file_data : undefined;
      if (data !== undefined) {
        const parsed = parseDataUrl(data);
        return {
          type: "document",
          source: {
            type: "base64",
            media_type: parsed?.mediaType ?? "application/pdf",
            data: parsed?.data ?? data,
          },
        };
      }
      return typeof part.file_url === "string"
        ? { type: "document", source: { type: "url", url: part.file_url } }
        : undefined;
    }
    default:
      return undefined;
  }
}

/** A data URL as a base64 source, anything else as a URL source. */
function source(url: string, fallbackType: string): Record<string, unknown> {
  const parsed = parseDataUrl(url);
  return parsed
    ? { type: "base64", media_type: parsed.mediaType || fallbackType, data: parsed.data }
    : { type: "url", url };
}

/** A function output as `tool_result` content: the string, or text and image blocks. */
function toolResultContent(output: unknown): string | AnthropicBlock[] {
  if (typeof output === "string") return output;
  if (!Array.isArray(output)) return "";
  return blocksOf(output as InputItem[]);
}
