import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type BenchServer, startBenchServer } from "./mock-server.js";
import { MODEL_A, MODEL_B, renderWorkloads } from "./workloads.js";

let server: BenchServer;
beforeAll(async () => {
  server = await startBenchServer();
});
afterAll(() => server.close());

const post = (body: unknown) =>
  fetch(`${server.url}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("the bench server", () => {
  const workloads = renderWorkloads();

  test("answers A's turn n (n function_call_output items in the input) with its pre-rendered bytes", async () => {
    const input = [
      { role: "user", content: "go" },
      { type: "function_call_output", call_id: "call_bench_1", output: "{}" },
      { type: "function_call_output", call_id: "call_bench_2", output: "{}" },
    ];
    const streamed = await post({ model: MODEL_A, input, stream: true });
    expect(streamed.headers.get("content-type")).toBe("text/event-stream");
    expect(Buffer.from(await streamed.arrayBuffer()).equals(workloads.a[2]!.sse)).toBe(true);
    const json = await post({ model: MODEL_A, input });
    expect(Buffer.from(await json.arrayBuffer()).equals(workloads.a[2]!.json)).toBe(true);
  });

  test("answers B with its 2,000-delta stream", async () => {
    const res = await post({ model: MODEL_B, input: "talk", stream: true });
    expect(Buffer.from(await res.arrayBuffer()).equals(workloads.b.sse)).toBe(true);
  });

  test("refuses what it has no script for with an error envelope, never a crash", async () => {
    const unknown = await post({ model: "nope", input: "x" });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: { message: "no script for model nope" } });
    const notJson = await fetch(`${server.url}/responses`, { method: "POST", body: "{" });
    expect(notJson.status).toBe(400);
    expect((await fetch(`${server.url}/other`, { method: "POST", body: "{}" })).status).toBe(404);
  });
});
