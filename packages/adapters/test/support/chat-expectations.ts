/**
 * Test support: what a recorded Chat Completions response says, read straight from its chunks
 * (independently of the adapter), to compare the translation with.
 */

export interface ExpectedCall {
  id: string | undefined;
  name: string;
  arguments: string;
}

export interface ChatExpectation {
  text: string;
  reasoning: string;
  calls: ExpectedCall[];
  finishReason: string | undefined;
  error: { message?: string; code?: unknown } | undefined;
  /** The last usage the backend reported (Groq's in `x_groq`). */
  usage: Json | undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: recorded JSON of any shape, read loosely
type Json = Record<string, any>;

/** Text, reasoning, tool calls and finish reason of choice 0 across `chunks`. */
export function expectChat(chunks: readonly Json[]): ChatExpectation {
  const out: ChatExpectation = {
    text: "",
    reasoning: "",
    calls: [],
    finishReason: undefined,
    error: undefined,
    usage: undefined,
  };
  const byIndex = new Map<number, ExpectedCall>();
  for (const chunk of chunks) {
    if (chunk.error) out.error = chunk.error;
    if (chunk.usage ?? chunk.x_groq?.usage) out.usage = chunk.usage ?? chunk.x_groq.usage;
    const choice = (chunk.choices ?? []).find((c: Json) => (c.index ?? 0) === 0);
    if (!choice) continue;
    const delta: Json = choice.delta ?? choice.message ?? {};
    if (typeof delta.content === "string") out.text += delta.content;
    const detailTexts = (delta.reasoning_details ?? [])
      .map((d: Json) => d.text ?? d.summary)
      .filter((t: unknown) => typeof t === "string");
    if (detailTexts.length > 0) out.reasoning += detailTexts.join("");
    else out.reasoning += delta.reasoning_content ?? delta.reasoning ?? "";
    (delta.tool_calls ?? []).forEach((tc: Json, position: number) => {
      const index = tc.index ?? (choice.message ? position : undefined);
      let call = index === undefined ? undefined : byIndex.get(index);
      if (!call && index === undefined && !tc.id) call = out.calls[out.calls.length - 1];
      if (!call) {
        call = { id: undefined, name: "", arguments: "" };
        out.calls.push(call);
        if (index !== undefined) byIndex.set(index, call);
      }
      call.id ??= tc.id ?? undefined;
      if (tc.function?.name && !call.name) call.name = tc.function.name;
      call.arguments += tc.function?.arguments ?? "";
    });
    if (choice.finish_reason) out.finishReason = choice.finish_reason;
  }
  return out;
}

/**
 * Split back-to-back completions (a `.chunks.txt` holding a whole agent run) at each change of a
 * non-empty chunk `id`.
 */
export function splitCompletions(chunks: readonly Json[]): Json[][] {
  const out: Json[][] = [];
  let current: Json[] = [];
  let id: string | undefined;
  for (const chunk of chunks) {
    if (chunk.id && id !== undefined && chunk.id !== id && current.length > 0) {
      out.push(current);
      current = [];
    }
    if (chunk.id) id = chunk.id;
    current.push(chunk);
  }
  if (current.length > 0) out.push(current);
  return out;
}
