import {
  accumulate,
  createResponseResource,
  OpenloopError,
  outputText,
  responseEvents,
  type StreamEvent,
} from "@openloop/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { anthropicEvents, chatChunks, type FakeServer, startFakeServer } from "../test/fake-server.js";
import { chatCompletions } from "./chat-completions/model.js";
import { createModel, registerWire, wireNames } from "./registry.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function text(stream: AsyncIterable<StreamEvent>): Promise<string> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return outputText(await accumulate(events));
}

describe("the wire registry", () => {
  it("has the built-in wires", () => {
    expect(wireNames()).toEqual(
      expect.arrayContaining(["responses", "chat-completions", "anthropic-messages"]),
    );
  });

  it("builds core's openResponses model for the responses wire", async () => {
    const answer = createResponseResource({
      model: "m",
      status: "completed",
      output: [
        {
          type: "message",
          id: "msg_1",
          status: "completed",
          role: "assistant",
          content: [{ type: "output_text", text: "from responses", annotations: [] }],
        },
      ],
    });
    server = await startFakeServer([{ frames: [...responseEvents(answer)], eventLines: true }]);
    const model = createModel({ wire: "responses", baseURL: server.url, model: "m" });
    expect(await text(model.stream({ input: "x" }, {}))).toBe("from responses");
    expect(server.requests[0]!.path).toBe("/responses");
  });

  it("builds a working model for each built-in wire from a plain config", async () => {
    server = await startFakeServer([
      { frames: chatChunks({ text: "from chat" }) },
      { frames: anthropicEvents({ text: "from claude" }), done: false },
    ]);
    const chat = createModel({
      wire: "chat-completions",
      baseURL: server.url,
      model: "m",
      maxTokensField: "max_completion_tokens",
    });
    const claude = createModel({ wire: "anthropic-messages", baseURL: server.url, model: "c", apiKey: "k" });
    expect(await text(chat.stream({ input: "x", max_output_tokens: 50 }, {}))).toBe("from chat");
    expect(await text(claude.stream({ input: "x" }, {}))).toBe("from claude");
    expect(server.requests.map((r) => r.path)).toEqual(["/chat/completions", "/messages"]);
    expect(server.requests[0]!.body).toMatchObject({ max_completion_tokens: 50 });
    expect(chat.name).toBe("chat-completions:m");
  });

  it("refuses an unknown wire with invalid_config naming the registered ones", () => {
    expect(() => createModel({ wire: "grpc", baseURL: "http://x", model: "m" })).toThrow(
      expect.objectContaining({
        code: "invalid_config",
        param: "wire",
        message: expect.stringContaining("chat-completions"),
      }),
    );
  });

  it("registers a new wire, refuses to take a name twice, and replaces on request", async () => {
    server = await startFakeServer([{ frames: chatChunks({ text: "routed" }) }]);
    registerWire("test-gateway", (config) => chatCompletions({ ...config, extraBody: { route: "fast" } }));
    expect(() =>
      registerWire("test-gateway", () => chatCompletions({ baseURL: "http://x", model: "m" })),
    ).toThrow(OpenloopError);
    expect(
      await text(
        createModel({ wire: "test-gateway", baseURL: server.url, model: "m" }).stream({ input: "x" }, {}),
      ),
    ).toBe("routed");
    expect(server.requests[0]!.body).toMatchObject({ route: "fast" });
    registerWire("test-gateway", () => chatCompletions({ baseURL: "http://replaced", model: "r" }), {
      replace: true,
    });
    expect(createModel({ wire: "test-gateway", baseURL: "http://x", model: "m" }).name).toBe(
      "chat-completions:r",
    );
  });

  it("refuses a malformed wire name or factory", () => {
    expect(() =>
      registerWire("Has Spaces", () => chatCompletions({ baseURL: "http://x", model: "m" })),
    ).toThrow(expect.objectContaining({ code: "invalid_config", param: "name" }));
    expect(() => registerWire("ok-name", 42 as never)).toThrow(expect.objectContaining({ param: "factory" }));
  });
});
