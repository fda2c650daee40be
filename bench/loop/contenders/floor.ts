/**
 * @module bench/loop/contenders/floor — the least a loop can cost on this runtime: plain `fetch`,
 * SSE split by hand, `JSON.parse` per event, no validation, no events surfaced. It still does a
 * loop's work: keeps the output items, runs the tool, sends everything back each turn.
 */
import { FINAL_A, FINAL_B, lookup, MODEL_A, MODEL_B, TOOL, TOOL_TURNS } from "../workloads.js";
import { type Contender, expectRun } from "./contender.js";

type Item = {
  type: string;
  call_id?: string;
  name?: string;
  arguments?: string;
  content?: { text?: string }[];
};

const TOOLS = [
  {
    type: "function",
    name: TOOL.name,
    description: TOOL.description,
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, turn: { type: "number" } },
      required: ["city", "turn"],
      additionalProperties: false,
    },
    strict: true,
  },
];

/** Streams one response; returns its output items (from `response.completed`) and the text deltas joined. */
async function streamed(url: string, body: unknown): Promise<{ output: Item[]; text: string }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify(body),
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let output: Item[] = [];
  const parts: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf("\n\n");
    let start = 0;
    while (end !== -1) {
      const frame = buffer.slice(start, end);
      start = end + 2;
      end = buffer.indexOf("\n\n", start);
      const at = frame.indexOf("data: ");
      if (at === -1) continue;
      const data = frame.slice(at + 6);
      if (data === "[DONE]") continue;
      const event = JSON.parse(data) as { type: string; delta?: string; response?: { output: Item[] } };
      if (event.type === "response.output_text.delta") parts.push(event.delta!);
      else if (event.type === "response.completed") output = event.response!.output;
    }
    buffer = buffer.slice(start);
  }
  return { output, text: parts.join("") };
}

async function unstreamed(url: string, body: unknown): Promise<{ output: Item[]; text: string }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const response = (await res.json()) as { output: Item[] };
  return { output: response.output, text: "" };
}

async function loop(url: string, stream: boolean): Promise<{ text: unknown; calls: number }> {
  const input: unknown[] = [{ type: "message", role: "user", content: "Look up Paris ten times." }];
  let calls = 0;
  for (;;) {
    const body = { model: MODEL_A, input, tools: TOOLS, stream, store: false };
    const { output } = stream ? await streamed(url, body) : await unstreamed(url, body);
    input.push(...output);
    let answered = false;
    for (const item of output) {
      if (item.type !== "function_call") continue;
      calls++;
      const result = lookup(JSON.parse(item.arguments!) as { city: string; turn: number });
      input.push({ type: "function_call_output", call_id: item.call_id, output: JSON.stringify(result) });
      answered = true;
    }
    if (!answered) {
      const message = output.find((item) => item.type === "message");
      return { text: message?.content?.[0]?.text, calls };
    }
  }
}

export async function create(baseURL: string): Promise<Contender> {
  const url = `${baseURL}/responses`;
  const want = { text: FINAL_A, calls: TOOL_TURNS };
  return {
    async a() {
      expectRun("floor", "A", await loop(url, true), want);
    },
    async aj() {
      expectRun("floor", "Aj", await loop(url, false), want);
    },
    async b() {
      const { text } = await streamed(url, {
        model: MODEL_B,
        input: [{ type: "message", role: "user", content: "Talk." }],
        stream: true,
        store: false,
      });
      expectRun("floor", "B", { text, calls: 0 }, { text: FINAL_B, calls: 0 });
    },
  };
}
