/**
 * The HTTP scenarios of the official Open Responses compliance suite, replayed with plain `fetch` the
 * way it sends them, with every reply validated against the spec's OpenAPI document. (Its WebSocket
 * and compact scenarios are in routes/websocket.test.ts and routes/compact.test.ts.)
 */
import { functionCall, ScriptedModel, text } from "@openloop/testing";
import { afterEach, describe, expect, test } from "vitest";
import { post, serve, type TestServer } from "./support/server.js";
import { responseProblems, streamProblems } from "./support/spec.js";
import { parseWire } from "./support/sse.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function create(model: ScriptedModel, body: Record<string, unknown>) {
  server = await serve(model, { codeRunner: false });
  const res = await post(server.url, "/responses", { model: "test", ...body });
  expect(res.status).toBe(200);
  const json = (await res.json()) as Record<string, unknown>;
  expect(responseProblems(json)).toEqual([]);
  expect(json.status).toBe("completed");
  return json;
}

const PNG_1PX =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

describe("the compliance suite's HTTP scenarios", () => {
  test("a basic response", async () => {
    const body = await create(new ScriptedModel([[text("Hello!")]]), { input: "Say hello." });
    expect(body.output).toMatchObject([{ type: "message", role: "assistant" }]);
  });

  test("an assistant message with a phase in the input", async () => {
    const model = new ScriptedModel([[text("Continuing.")]]);
    await create(model, {
      input: [
        { type: "message", role: "user", content: "Plan it." },
        { type: "message", role: "assistant", content: "Planning first.", phase: "commentary" },
        { type: "message", role: "user", content: "Go on." },
      ],
    });
    expect((model.requests[0]!.input as Record<string, unknown>[])[1]).toMatchObject({ phase: "commentary" });
  });

  test("streaming: every event valid, a completed terminal response", async () => {
    server = await serve(new ScriptedModel([{ output: [text("Streamed reply.")], chunkSize: 3 }]), {
      codeRunner: false,
    });
    const res = await post(server.url, "/responses", {
      model: "test",
      input: "Stream please.",
      stream: true,
    });
    const { events, problems } = parseWire(await res.text());
    expect(problems).toEqual([]);
    expect(streamProblems(events)).toEqual([]);
    expect(events.at(-1)?.type).toBe("response.completed");
  });

  test("a system prompt", async () => {
    const model = new ScriptedModel([[text("Arr.")]]);
    await create(model, {
      input: [
        { type: "message", role: "system", content: "You are a pirate." },
        { type: "message", role: "user", content: "Hello" },
      ],
    });
    expect((model.requests[0]!.input as Record<string, unknown>[])[0]).toMatchObject({ role: "system" });
  });

  test("tool calling: the reply holds the function_call", async () => {
    const body = await create(new ScriptedModel([[functionCall("get_weather", { location: "Paris" })]]), {
      input: "Weather in Paris?",
      tools: [
        {
          type: "function",
          name: "get_weather",
          description: "Weather for a location",
          parameters: {
            type: "object",
            properties: { location: { type: "string" } },
            required: ["location"],
          },
        },
      ],
    });
    expect(body.output).toMatchObject([{ type: "function_call", name: "get_weather" }]);
  });

  test("a base64 input_image", async () => {
    const model = new ScriptedModel([[text("A red pixel.")]]);
    await create(model, {
      input: [
        {
          type: "message",
          role: "user",
          content: [
            { type: "input_text", text: "What is in this image?" },
            { type: "input_image", image_url: PNG_1PX },
          ],
        },
      ],
    });
    expect(JSON.stringify(model.requests[0]?.input)).toContain("data:image/png;base64,");
  });

  test("a multi-turn history", async () => {
    const model = new ScriptedModel([[text("Your name is Ada.")]]);
    await create(model, {
      input: [
        { type: "message", role: "user", content: "My name is Ada." },
        { type: "message", role: "assistant", content: "Hi Ada!" },
        { type: "message", role: "user", content: "What is my name?" },
      ],
    });
    expect(model.requests[0]?.input).toHaveLength(3);
  });
});
