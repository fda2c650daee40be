/**
 * @module anthropic-messages/types — the Anthropic Messages wire, as far as the adapter reads and writes it.
 */

/** A content block the adapter sends or receives (text, image, tool_use, thinking, hosted-tool blocks, ...). */
export type AnthropicBlock = { type: string; [key: string]: unknown };

export interface AnthropicMessage {
  role: "user" | "assistant";
  content: AnthropicBlock[];
}

export type AnthropicToolChoice =
  | { type: "auto" | "any" | "none"; disable_parallel_tool_use?: boolean }
  | { type: "tool"; name: string; disable_parallel_tool_use?: boolean };

/** `thinking` settings: a token budget, adaptive (newer models), or off. */
export type AnthropicThinking =
  | { type: "enabled"; budget_tokens: number }
  | { type: "adaptive" }
  | { type: "disabled" };

/** The request body the adapter sends to `POST {baseURL}/messages`. */
export interface AnthropicRequest {
  model: string;
  max_tokens: number;
  messages: AnthropicMessage[];
  system?: string;
  tools?: Record<string, unknown>[];
  tool_choice?: AnthropicToolChoice;
  thinking?: AnthropicThinking;
  temperature?: number;
  top_p?: number;
  stream: boolean;
  [key: string]: unknown;
}

export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

/** A message as `message_start` carries it, or a whole non-streaming body. */
export interface AnthropicMessageBody {
  id?: string;
  model?: string;
  content?: AnthropicBlock[];
  stop_reason?: string | null;
  stop_details?: { explanation?: string; [key: string]: unknown } | null;
  usage?: AnthropicUsage;
}

/** One SSE payload of a Messages stream. */
export type AnthropicEvent =
  | { type: "message_start"; message: AnthropicMessageBody }
  | { type: "content_block_start"; index: number; content_block: AnthropicBlock }
  | { type: "content_block_delta"; index: number; delta: { type: string; [key: string]: unknown } }
  | { type: "content_block_stop"; index: number }
  | {
      type: "message_delta";
      delta: { stop_reason?: string | null; stop_details?: AnthropicMessageBody["stop_details"] };
      usage?: AnthropicUsage;
    }
  | { type: "message_stop" }
  | { type: "ping" }
  | { type: "error"; error: { type?: string; message?: string } };
