/**
 * @module provider/probe — is a model server answering at a base URL, and which models does it have?
 */

/** What a probe found. */
export type ProbeResult = { answered: true; models: string[] } | { answered: false; reason: string };

/**
 * Asks `GET {baseURL}/models` (the OpenAI-style model list Ollama, vLLM, LM Studio and llama.cpp
 * serve) with a short timeout. Any HTTP answer means something is there; the model ids are read
 * when the body is the usual `{ data: [{ id }] }` list.
 */
export async function probeModels(baseURL: string, timeoutMs = 1500): Promise<ProbeResult> {
  const url = `${baseURL.replace(/\/+$/, "")}/models`;
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { accept: "application/json" } });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return {
      answered: false,
      reason: signal.aborted ? `no answer within ${timeoutMs} ms` : (cause ?? (error as Error).message),
    };
  }
  let models: string[] = [];
  try {
    const body = (await response.json()) as { data?: { id?: unknown }[] };
    if (Array.isArray(body?.data))
      models = body.data.map((m) => m?.id).filter((id): id is string => typeof id === "string");
  } catch {
    // Something answered, but not with a model list: the server is there all the same.
  }
  return { answered: true, models };
}
