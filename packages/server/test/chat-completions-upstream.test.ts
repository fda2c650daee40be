/**
 * The promise: a Chat-Completions-only server (llama.cpp, vLLM, Ollama) behind openloop is an
 * Open Responses server with hosted tools, usable from the official `openai` SDK.
 */
import { ScriptedModel } from "@openloop/testing";
import { afterEach, describe, expect, test } from "vitest";
import { chunk, type FakeChat, startFakeChat } from "./support/fake-chat.js";
import { serve, type TestServer } from "./support/server.js";
import { renameReasoning, streamProblems } from "./support/spec.js";

let server: TestServer | undefined;
let upstream: FakeChat | undefined;
afterEach(async () => {
  await server?.close();
  await upstream?.close();
  server = undefined;
  upstream = undefined;
});

describe("a Chat Completions upstream served as Open Responses", () => {
  test("the hosted code runner over a llama.cpp-style backend: tool call, run, then reasoning and text", async () => {
    upstream = await startFakeChat([
      [
        chunk({
          role: "assistant",
          content: null,
          tool_calls: [
            { index: 0, id: "call_1", type: "function", function: { name: "run_javascript", arguments: "" } },
          ],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"code":"21 * 2"}' } }] }),
        chunk({}, "tool_calls"),
      ],
      [
        chunk({ role: "assistant", reasoning_content: "The tool said 42." }),
        chunk({ content: "The answer " }),
        chunk({ content: "is 42." }),
        chunk({}, "stop"),
      ],
    ]);
    server = await serve(new ScriptedModel([]), {
      routing: {
        providers: { llama: { wire: "chat-completions", baseURL: upstream.url } },
        defaultModel: "llama/qwen3-4b",
      },
    });
    const stream = server.client.responses.stream(
      {
        model: "llama/qwen3-4b",
        input: "What is 21 * 2? Use code.",
        tools: [{ type: "code_interpreter", container: { type: "auto" } }],
      },
      { headers: { "OpenLoop-Reasoning-Events": "openai" } },
    );
    const events: unknown[] = [];
    stream.on("event", (event) => events.push(event));
    const response = await stream.finalResponse();

    expect(response.model).toBe("llama/qwen3-4b");
    expect(response.output.map((item) => item.type)).toEqual([
      "code_interpreter_call",
      "reasoning",
      "message",
    ]);
    expect(response.output[0]).toMatchObject({
      code: "21 * 2",
      outputs: [{ type: "logs", logs: "result: 42" }],
    });
    expect(response.output_text).toBe("The answer is 42.");
    // With OpenAI's reasoning names the SDK validates; with the spec's names the stream is the spec's.
    expect(streamProblems(events.map((e) => renameReasoning(e as Record<string, unknown>)))).toEqual([]);

    // The upstream saw plain Chat Completions: the tool as a function, and its result as a tool message.
    expect(upstream.requests[0]).toMatchObject({
      model: "qwen3-4b",
      tools: [{ type: "function", function: { name: "run_javascript" } }],
    });
    const messages = upstream.requests[1]?.messages as {
      role: string;
      content?: unknown;
      tool_call_id?: string;
    }[];
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "tool"]);
    expect(messages[2]).toMatchObject({ tool_call_id: "call_1", content: "result: 42" });
  });
});
