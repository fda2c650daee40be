/**
 * @module bench/loop/workloads — the fixed scripts every framework runs, rendered once to bytes.
 *
 * - **A**: a 10-turn tool loop. Turns 1–10 each answer with one small `function_call`
 *   (`lookup({"city":…,"turn":n})`, arguments streamed in a few deltas, as real servers do); turn
 *   11 answers with a short final message. 11 streamed requests, 10 tool executions.
 * - **Aj**: A without streaming (each turn one JSON `ResponseResource`).
 * - **B**: one turn of 2,000 small text deltas.
 *
 * The events come from `@openloop/protocol`'s `ResponseEmitter` (spec-ordered, complete response
 * resources, usage filled in), rendered with `encodeSSE` once, so every framework parses the
 * identical bytes. The request decides which answer it gets: its `model` names the workload, and
 * the number of `function_call_output` items it carries is the turn (so the server keeps no
 * per-run state and any number of runs can share it).
 */
import {
  encodeSSE,
  encodeSSEDone,
  type OutputItem,
  ResponseEmitter,
  type ResponseResource,
  type StreamEvent,
} from "@openloop/protocol";

/** Tool calls in workload A (the run makes one more request for the final message). */
export const TOOL_TURNS = 10;
/** Text deltas in workload B. */
export const DELTAS = 2000;
/** One delta of workload B. */
export const DELTA_TEXT = "tok ";
/** The final message of workload A. */
export const FINAL_A = "All 10 lookups done.";
/** The model names the server routes on. */
export const MODEL_A = "bench-a";
export const MODEL_B = "bench-b";
/** The tool of workload A, as every framework declares it. */
export const TOOL = {
  name: "lookup",
  description: "Look up the temperature of a city.",
} as const;
/** What the tool returns for a call (every framework's tool computes the same). */
export function lookup(args: { city: string; turn: number }): { city: string; celsius: number } {
  return { city: args.city, celsius: 10 + args.turn };
}

const USAGE = {
  input_tokens: 50,
  output_tokens: 20,
  total_tokens: 70,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens_details: { reasoning_tokens: 0 },
};

/** One pre-rendered answer: the SSE bytes and the same response as one JSON body. */
export interface RenderedResponse {
  sse: Buffer;
  json: Buffer;
  events: number;
}

function render(model: string, index: number, item: OutputItem, chunkSize: number): RenderedResponse {
  const emitter = new ResponseEmitter(
    { id: `resp_bench_${model}_${index}`, model, created_at: 1_760_000_000, store: false },
    { chunkSize },
  );
  const events: StreamEvent[] = [...emitter.start(), ...emitter.item(item)];
  const end = emitter.end({ usage: USAGE, completed_at: 1_760_000_001 });
  events.push(end);
  let sse = "";
  for (const event of events) sse += encodeSSE(event);
  sse += encodeSSEDone();
  const response = (end as { response: ResponseResource }).response;
  return {
    sse: Buffer.from(sse),
    json: Buffer.from(JSON.stringify(response)),
    events: events.length,
  };
}

function callItem(turn: number): OutputItem {
  return {
    type: "function_call",
    id: `fc_bench_${turn}`,
    call_id: `call_bench_${turn}`,
    name: TOOL.name,
    arguments: JSON.stringify({ city: "Paris", turn }),
    status: "completed",
  } as OutputItem;
}

function messageItem(id: string, text: string): OutputItem {
  return {
    type: "message",
    id,
    role: "assistant",
    status: "completed",
    content: [{ type: "output_text", text, annotations: [], logprobs: [] }],
  } as OutputItem;
}

/** Every answer the server gives, rendered once. */
export interface Workloads {
  /** A's answers by turn: index 0..9 a function call, index 10 the final message. */
  a: RenderedResponse[];
  b: RenderedResponse;
}

/** Renders the scripts (deterministic: same bytes on every call). */
export function renderWorkloads(): Workloads {
  const a: RenderedResponse[] = [];
  // Arguments in 8-character deltas: `{"city":"Paris","turn":3}` arrives in 4 pieces.
  for (let turn = 1; turn <= TOOL_TURNS; turn++) a.push(render(MODEL_A, turn, callItem(turn), 8));
  a.push(render(MODEL_A, TOOL_TURNS + 1, messageItem("msg_bench_a", FINAL_A), 8));
  const b = render(MODEL_B, 1, messageItem("msg_bench_b", DELTA_TEXT.repeat(DELTAS)), DELTA_TEXT.length);
  return { a, b };
}

/** The text workload B's final message must have. */
export const FINAL_B = DELTA_TEXT.repeat(DELTAS);
