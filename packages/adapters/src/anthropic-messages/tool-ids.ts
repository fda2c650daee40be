/**
 * @module anthropic-messages/tool-ids — call ids as the Messages API accepts them.
 *
 * Anthropic refuses a `tool_use.id` / `tool_result.tool_use_id` outside `^[a-zA-Z0-9_-]+$` (400:
 * "String should match pattern"). Conversations carry ids minted by other backends: Kimi K2 on
 * Groq or Moonshot names its calls `functions.add:0` (see the Groq recording), so a conversation
 * that moves to an Anthropic model would fail on every later turn. Such an id is sent cleaned, with
 * a hash of the original appended so two ids that clean alike stay apart; the same id always maps
 * to the same result, so a call and its output stay paired on every turn. Valid ids pass unchanged.
 */
import { createHash } from "node:crypto";

const VALID = /^[a-zA-Z0-9_-]+$/;

/** `id` as a valid Anthropic tool id: itself when valid, else cleaned plus 8 hex digits of its hash. */
export function anthropicToolId(id: string): string {
  if (VALID.test(id)) return id;
  const hash = createHash("sha256").update(id).digest("hex").slice(0, 8);
  return `${id.replace(/[^a-zA-Z0-9_-]/g, "_")}_${hash}`;
}
