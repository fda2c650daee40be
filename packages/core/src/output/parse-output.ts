/**
 * @module output/parse-output — the final answer, parsed and validated against the agent's
 * `output`; a refusal or an invalid answer as a typed error.
 */
import { OpenloopError, type OutputItem, outputText } from "@openloop/protocol";
import type { OutputConfig } from "./output-schema.js";

/**
 * The validated value of a final response: its text (every `output_text` of its messages),
 * JSON-decoded (a surrounding code fence is tolerated) and parsed by the output schema.
 *
 * @throws {OpenloopError} code `refusal` when a message has a `refusal` part (`details.refusal`);
 * code `output_validation_error` when the text is not JSON or fails the schema
 * (`details.raw`: the text as received, `details.errors`: what is wrong).
 */
export async function parseFinalOutput(
  output: OutputConfig,
  response: { output: readonly OutputItem[] },
): Promise<unknown> {
  const refusal = refusalOf(response.output);
  if (refusal !== undefined) {
    throw new OpenloopError("refusal", `The model refused to answer: ${refusal}`, {
      details: { refusal },
    });
  }
  return parseOutputText(output, outputText(response));
}

/** {@link parseFinalOutput} for a text already extracted (a tool's output, for `toolUseBehavior`). */
export async function parseOutputText(output: OutputConfig, raw: string): Promise<unknown> {
  const json = unfence(raw);
  if (json.trim() === "") throw invalid(raw, "the reply has no text (expected a JSON object)");
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw invalid(raw, `the reply is not valid JSON (${(error as Error).message})`);
  }
  const parsed = await output.parse(value);
  if (!parsed.success) throw invalid(raw, `the reply does not match the schema:\n${parsed.error}`);
  return parsed.data;
}

/** The text of the first `refusal` content part, if a message has one. */
export function refusalOf(items: readonly OutputItem[]): string | undefined {
  for (const item of items) {
    if (item.type !== "message" || !Array.isArray(item.content)) continue;
    for (const part of item.content as { type: string; refusal?: unknown }[]) {
      if (part.type === "refusal") return typeof part.refusal === "string" ? part.refusal : "";
    }
  }
  return undefined;
}

/**
 * The JSON inside a reply: models without native structured output often wrap it in a Markdown
 * code fence (```` ```json ... ``` ````) despite being told not to. Works on partial text too
 * (an opening fence with no closing one yet).
 */
export function unfence(text: string): string {
  let start = 0;
  while (start < text.length && isSpace(text.charCodeAt(start))) start++;
  if (!text.startsWith("```", start)) return text;
  const newline = text.indexOf("\n", start);
  if (newline === -1) return "";
  const close = text.indexOf("```", newline + 1);
  return close === -1 ? text.slice(newline + 1) : text.slice(newline + 1, close);
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function invalid(raw: string, problem: string): OpenloopError {
  return new OpenloopError("output_validation_error", `The model's final answer is invalid: ${problem}`, {
    details: { raw, errors: problem },
  });
}

/**
 * What the model reads before it tries again (a `developer` message, as for `tool_choice`
 * corrections): what was wrong, and what to send instead.
 */
export function outputCorrection(error: OpenloopError, output: OutputConfig | undefined) {
  const problem = typeof error.details?.errors === "string" ? error.details.errors : error.message;
  const ask =
    output === undefined
      ? "Reply again in the required format."
      : `Reply again with only a JSON object that matches ${output.native ? "the required JSON Schema" : "the JSON Schema in your instructions"}.`;
  return {
    type: "message" as const,
    role: "developer" as const,
    content: `Your last reply is not a valid final answer: ${problem}\n${ask}`,
  };
}
