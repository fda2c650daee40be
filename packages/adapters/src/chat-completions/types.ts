/**
 * @module chat-completions/types — the Chat Completions wire, as far as the adapter reads and writes it.
 *
 * Read types are loose on purpose: every field is optional because real servers omit, null out or
 * rename fields (see the recordings in `fixtures/chat-completions`).
 */

/** A message the adapter sends. */
export type ChatMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string | ChatUserPart[] }
  | {
      role: "assistant";
      content?: string | null;
      tool_calls?: ChatToolCall[];
      reasoning_content?: string;
      reasoning?: string;
      reasoning_details?: Record<string, unknown>[];
    }
  | { role: "tool"; tool_call_id: string; content: string };

export type ChatUserPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string; detail?: string } }
  | { type: "file"; file: { filename?: string; file_data?: string; file_id?: string } };

export interface ChatToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export type ChatToolChoice = "auto" | "none" | "required" | { type: "function"; function: { name: string } };

/** The request body the adapter sends to `POST {baseURL}/chat/completions`. */
export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  tools?: Record<string, unknown>[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: boolean;
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  response_format?: Record<string, unknown>;
  reasoning_effort?: string;
  stream: boolean;
  stream_options?: { include_usage: boolean };
  [key: string]: unknown;
}

/** A tool call fragment in a streamed delta (index, id and name may each be missing). */
export interface ChatToolCallDelta {
  index?: number;
  id?: string | null;
  type?: string;
  function?: { name?: string | null; arguments?: string | null };
}

/** A `reasoning_details` entry (OpenRouter, Vercel AI Gateway). */
export interface ChatReasoningDetail {
  type?: string;
  index?: number;
  text?: string | null;
  summary?: string | null;
  data?: string | null;
  signature?: string | null;
  [key: string]: unknown;
}

/** The `delta` of a streamed choice (or the `message` of a non-streaming one). */
export interface ChatDelta {
  role?: string | null;
  content?: string | null | { type?: string; text?: string; thinking?: { text?: string }[] }[];
  refusal?: string | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  reasoning_details?: ChatReasoningDetail[] | null;
  tool_calls?: ChatToolCallDelta[] | null;
}

export interface ChatUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  /** DeepSeek. */
  prompt_cache_hit_tokens?: number;
}

/** One streamed chunk (`chat.completion.chunk`), or a non-streaming body (`chat.completion`). */
export interface ChatChunk {
  id?: string;
  model?: string;
  choices?: { index?: number; delta?: ChatDelta; message?: ChatDelta; finish_reason?: string | null }[];
  usage?: ChatUsage | null;
  x_groq?: { usage?: ChatUsage | null };
  error?: {
    message?: string;
    code?: string | number;
    type?: string;
    param?: string | null;
    metadata?: unknown;
  };
}
