/**
 * Structured output end to end over HTTP: `openResponses()` against `startMockServer` on
 * 127.0.0.1, with the native `json_schema` format and with the instructions fallback.
 */
import { validateAgainstSpec } from "@openloop/protocol/fixtures";
import { type MockServer, startMockServer, text } from "@openloop/testing";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import type { RunEvent } from "../events/run-event.js";
import { openResponses } from "../model/open-responses/open-responses.js";
import { runStream } from "../run/run-stream.js";

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const Forecast = z.object({
  city: z.string(),
  days: z.array(z.object({ day: z.string(), high: z.number() })),
});
const answer = '{"city":"Oslo","days":[{"day":"Mon","high":4},{"day":"Tue","high":6}]}';

async function streamed(agent: Agent<unknown, z.output<typeof Forecast>>) {
  const stream = runStream(agent, "Forecast for Oslo?");
  const events: RunEvent<z.output<typeof Forecast>>[] = [];
  for await (const event of stream) events.push(event);
  return { events, result: await stream.result };
}

describe("structured output over HTTP", () => {
  it("sends a spec-valid json_schema request and streams partial values of the answer", async () => {
    server = await startMockServer([{ output: [text(answer)], chunkSize: 7 }]);
    const agent = new Agent({
      name: "forecast",
      model: openResponses({ baseURL: server.url, model: "m" }),
      output: Forecast,
    });
    const { events, result } = await streamed(agent);
    expect(result.finalOutput).toEqual(JSON.parse(answer));
    const body = server.requests[0]!.body!;
    expect(validateAgainstSpec("CreateResponseBody", body)).toEqual([]);
    expect(body.text?.format).toMatchObject({ type: "json_schema", name: "final_output", strict: true });
    const partials = events.filter((e) => e.type === "output.partial");
    expect(partials.length).toBeGreaterThan(3);
    expect(partials.map((p) => p.value)).toContainEqual({ city: "Oslo", days: [{ day: "Mon" }] });
  });

  it("falls back to instructions for a server declared without json_schema, retrying an invalid reply", async () => {
    server = await startMockServer([[text("Cold all week.")], [text(`\`\`\`json\n${answer}\n\`\`\``)]]);
    const agent = new Agent({
      name: "forecast",
      model: openResponses({ baseURL: server.url, model: "m", capabilities: { jsonSchemaOutput: false } }),
      output: Forecast,
    });
    const { events, result } = await streamed(agent);
    expect(result.finalOutput).toEqual(JSON.parse(answer));
    const [first, second] = server.requests.map((r) => r.body!);
    expect(first).not.toHaveProperty("text");
    expect(first?.instructions).toContain("Your final answer must be one JSON object");
    expect(second?.input?.at(-1)).toMatchObject({
      role: "developer",
      content: expect.stringContaining("matches the JSON Schema in your instructions"),
    });
    expect(events.filter((e) => e.type === "output.invalid")).toHaveLength(1);
  });
});
