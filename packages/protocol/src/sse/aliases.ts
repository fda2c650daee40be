/**
 * @module sse/aliases — event names real servers use for spec events.
 */

/**
 * OpenAI, vLLM, xAI, LM Studio and DeepSeek name raw reasoning events `response.reasoning_text.*`;
 * the spec calls them `response.reasoning.*`.
 */
const ALIASES: Readonly<Record<string, string>> = {
  "response.reasoning_text.delta": "response.reasoning.delta",
  "response.reasoning_text.done": "response.reasoning.done",
};

/** The spec's name for an event type (unchanged when it has no alias). */
export function normalizeEventType(type: string): string {
  // Cheap test first: this runs once per event.
  if (type.length < 28 || type.charCodeAt(18) !== 95 /* "_" */) return type;
  return ALIASES[type] ?? type;
}
