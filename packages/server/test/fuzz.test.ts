/**
 * A bounded fuzz run over real HTTP: thousands of malformed and mutated request bodies (fixed seed,
 * fixed counts). Every reply must be a 4xx carrying the spec's error envelope; the server must stay
 * up and keep answering good requests.
 */
import type { Model } from "@openloop/core";
import { responseEvents } from "@openloop/protocol";
import { arbitraries, validateAgainstSpec } from "@openloop/protocol/fixtures";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import { post, serve, type TestServer } from "./support/server.js";

/** Answers anything: if a body that should be refused got through, the reply would be a 200. */
const answering: Model = {
  async *stream() {
    yield* responseEvents({
      model: "fuzz",
      output: [
        {
          type: "message",
          id: "msg_fuzz",
          role: "assistant",
          status: "completed",
          content: [{ type: "output_text", text: "should not happen", annotations: [] }],
        },
      ],
    });
  },
};

let server: TestServer;
beforeAll(async () => {
  server = await serve(answering, {
    routing: { models: { fuzz: answering } },
    log: false,
    maxBodyBytes: 256 * 1024,
  });
});
afterAll(() => server.close());

type Body = Record<string, unknown>;
const junk = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 20 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);
const notString = junk.filter((v) => typeof v !== "string");
const notArrayOrString = junk.filter((v) => typeof v !== "string" && !Array.isArray(v) && v !== null);
const notBoolean = junk.filter((v) => typeof v !== "boolean" && v !== null);
const notNumber = junk.filter((v) => typeof v !== "number" && v !== null);
const notObject = junk.filter((v) => typeof v !== "object" || Array.isArray(v));
const ghost = "zz_not_offered";

/** Changes that make any body invalid, each with the junk it needs. */
const mutation: fc.Arbitrary<(body: Body) => Body> = fc.oneof(
  notArrayOrString.map((v) => (b: Body) => ({ ...b, input: v })),
  fc
    .constantFrom(
      { type: "message", role: "robot", content: "x" },
      { type: "function_call_output", output: "no call id" },
      { type: 7 },
      { type: "function_call", call_id: "c", name: "bad name!", arguments: "{}" },
      { type: "message", role: "user", content: [{ type: "input_text" }] },
      { type: "item_reference", id: "msg_nowhere_zz" },
      { type: "compaction", encrypted_content: "not-ours" },
      { type: "code_interpreter_call", id: 5 },
      { type: "reasoning", summary: "not an array" },
    )
    .map((item) => (b: Body) => {
      const { previous_response_id: _, ...rest } = b;
      return { ...rest, input: [item] };
    }),
  fc.oneof(notArrayOrString, fc.constant(5)).map((v) => (b: Body) => ({ ...b, tools: v })),
  fc
    .constantFrom(
      { type: "function", name: "bad name!" },
      { type: "function" },
      { type: "web_search" },
      { type: "function", name: "run_javascript" },
      7,
    )
    .map((tool) => (b: Body) => ({ ...b, tools: [...((b.tools as unknown[]) ?? []), tool] })),
  fc
    .constantFrom(
      "sometimes",
      { type: "function" },
      { type: "allowed_tools", tools: [] },
      { type: "function", name: ghost },
      { type: "allowed_tools", tools: [{ type: "function", name: ghost }] },
      { type: "web_search" },
    )
    .map((choice) => (b: Body) => ({ ...b, tool_choice: choice })),
  fc
    .constantFrom(
      ["temperature", "hot"],
      ["top_p", {}],
      ["max_output_tokens", 3],
      ["top_logprobs", 99],
      ["max_tool_calls", 0],
      ["text", { format: { type: "xml" } }],
      ["reasoning", { effort: "extreme" }],
      ["truncation", "sometimes"],
      ["service_tier", "turbo"],
      ["include", ["everything"]],
      ["background", true],
      ["previous_response_id", "resp_unknown_zz"],
      ["safety_identifier", "s".repeat(65)],
      ["metadata", { key: "v".repeat(600) }],
      ["metadata", Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"]))],
      ["model", "nobody/none"],
      ["model", ""],
    )
    .map(([key, value]) => (b: Body) => ({ ...b, [key as string]: value })),
  notBoolean.map((v) => (b: Body) => ({ ...b, store: v })),
  notBoolean.map((v) => (b: Body) => ({ ...b, stream: v })),
  notString.map((v) => (b: Body) => ({ ...b, instructions: v === null ? 5 : v })),
  notString.map((v) => (b: Body) => ({ ...b, model: v === null ? 5 : v })),
  notNumber.map((v) => (b: Body) => ({ ...b, temperature: v })),
  notObject.map((v) => (b: Body) => ({ ...b, text: v === null ? 5 : v })),
);

/** A valid body (the protocol's generator) for the routed model, then broken. */
const mutated = fc
  .tuple(arbitraries.createResponseBody, fc.boolean(), mutation)
  .map(([body, routed, mutate]) => mutate({ ...(body as Body), ...(routed ? { model: "fuzz" } : {}) }));

/** Bodies that are not even a request: raw text, JSON that is not an object, cut JSON, deep nesting. */
const raw = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc
    .jsonValue()
    .filter((v) => typeof v !== "object" || v === null || Array.isArray(v))
    .map((v) => JSON.stringify(v)),
  fc.tuple(arbitraries.createResponseBody, fc.nat()).map(([body, cut]) => {
    const text = JSON.stringify({ ...(body as Body), model: "fuzz" });
    return text.slice(0, cut % text.length);
  }),
  fc
    .integer({ min: 2, max: 20_000 })
    .map((depth) => `{"model":"fuzz","input":${"[".repeat(depth)}${"]".repeat(depth)}}`),
  fc
    .integer({ min: 1, max: 5_000 })
    .map((depth) => `{"model":"fuzz","metadata":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`),
);

async function expectRefused(path: string, body: unknown): Promise<void> {
  const res = await post(server.url, path, body as string);
  const text = await res.text();
  if (res.status < 400 || res.status >= 500) {
    throw new Error(
      `status ${res.status} for ${String(typeof body === "string" ? body : JSON.stringify(body)).slice(0, 300)}: ${text.slice(0, 300)}`,
    );
  }
  const envelope = JSON.parse(text) as unknown;
  const problems = validateAgainstSpec("ErrorEnvelope", envelope);
  if (problems.length > 0) throw new Error(`not the spec's envelope: ${text}`);
}

describe("fuzz: malformed and mutated request bodies", () => {
  test("2,000 mutated bodies on POST /v1/responses: every reply a 4xx with the spec's envelope", async () => {
    await fc.assert(
      fc.asyncProperty(mutated, (body) => expectRefused("/responses", JSON.stringify(body))),
      { seed: 20260424, numRuns: 2000 },
    );
  });

  test("800 raw bodies on POST /v1/responses and /v1/responses/compact: every reply a 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(raw, fc.constantFrom("/responses", "/responses/compact"), (body, path) =>
        expectRefused(path, body),
      ),
      { seed: 424, numRuns: 800 },
    );
  });

  test("500 mutated and raw messages on a WebSocket: each answered by an error message with a 4xx status", async () => {
    const ws = new WebSocket(`${server.url.replace(/^http/, "ws")}/responses`);
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    const replies: unknown[] = [];
    let wake: (() => void) | undefined;
    ws.on("message", (data) => {
      replies.push(JSON.parse(data.toString()));
      wake?.();
    });
    const reply = async () => {
      while (replies.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      return replies.shift() as { type: string; status: number };
    };
    const message = fc.oneof(
      mutated.map((body) => JSON.stringify({ type: "response.create", ...body })),
      raw,
    );
    try {
      await fc.assert(
        fc.asyncProperty(message, async (text) => {
          ws.send(text);
          const answer = await reply();
          const problems = validateAgainstSpec("WebSocketErrorEvent", answer);
          if (answer.type !== "error" || answer.status < 400 || answer.status >= 500 || problems.length > 0)
            throw new Error(`${JSON.stringify(answer).slice(0, 300)} for ${text.slice(0, 300)}`);
        }),
        { seed: 2026, numRuns: 500 },
      );
    } finally {
      ws.close();
    }
  });

  test("after all that, the server still answers a good request", async () => {
    const res = await post(server.url, "/responses", { model: "fuzz", input: "Hi" });
    expect(res.status).toBe(200);
  });
});
