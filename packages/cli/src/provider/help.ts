/**
 * @module provider/help — the exact words for "no model server": what was tried, what to set.
 */

/** Ollama's default address, the one place a fresh machine might have a model server. */
export const OLLAMA_DEFAULT_URL = "http://localhost:11434/v1";

/** What to set, flag by flag and variable by variable. */
export const WHAT_TO_SET = `Set one of these (flags win over the environment):
  --base-url URL --model NAME          any Open Responses server; for other APIs add
                                       --wire chat-completions or --wire anthropic-messages
  OPENLOOP_BASE_URL + OPENLOOP_MODEL   the same, from the environment
                                       (OPENLOOP_API_KEY when the server needs a key)
  OPENAI_API_KEY + OPENLOOP_MODEL      OpenAI (likewise OPENROUTER_API_KEY or HF_TOKEN)
  ANTHROPIC_API_KEY + --wire anthropic-messages --model NAME
                                       Anthropic
  OLLAMA_HOST                          an Ollama on another host or port (host:port)
  VLLM_BASE_URL or LMSTUDIO_BASE_URL   a local vLLM or LM Studio (with OPENLOOP_MODEL)
Or run Ollama here: \`ollama serve\`, then \`ollama pull qwen3\`.
To see openloop work without a model server: openloop demo`;

/** The message when nothing is configured and the Ollama probe found nothing. */
export function nothingConfigured(url: string, reason: string): string {
  return `No model server is configured, and nothing answers at ${url} (Ollama's default address: ${reason}).\n${WHAT_TO_SET}`;
}
