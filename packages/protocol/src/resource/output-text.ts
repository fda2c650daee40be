/**
 * @module resource/output-text — the text a response said.
 */
import type { OutputItem } from "../schemas/items.js";

/**
 * The concatenated `output_text` of every assistant `message` item, in order (refusals and
 * reasoning are not included). Accepts a response or its `output` array.
 *
 * @example outputText(await accumulate(events)) // "Paris is the capital of France."
 */
export function outputText(response: { output: readonly OutputItem[] } | readonly OutputItem[]): string {
  const output = Array.isArray(response) ? response : (response as { output: readonly OutputItem[] }).output;
  let text = "";
  for (const item of output) {
    if (item.type !== "message" || !Array.isArray(item.content)) continue;
    for (const part of item.content)
      if (part.type === "output_text" && typeof part.text === "string") text += part.text;
  }
  return text;
}
