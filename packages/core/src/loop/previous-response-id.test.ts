import type { ItemParam } from "@openloop/protocol";
import { functionCall, httpError, ScriptedModel, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import { RunError } from "../errors/run-error.js";
import type { RunEvent } from "../events/run-event.js";
import { run } from "../run/run.js";
import { runStream } from "../run/run-stream.js";
import { tool } from "../tools/index.js";

const inputOf = (request: { input?: unknown } | undefined) => (request?.input ?? []) as ItemParam[];

const echo = tool({
  name: "echo",
  description: "Echo a word",
  parameters: z.object({ word: z.string() }),
  execute: ({ word }) => word,
});

const notFound = (id: string) =>
  httpError(400, {
    error: {
      type: "invalid_request_error",
      code: "previous_response_not_found",
      message: `Previous response with id '${id}' not found.`,
      param: "previous_response_id",
    },
  });

describe("previous_response_id chaining", () => {
  it("sends only the new items with the last response's id, and store: true", async () => {
    const model = new ScriptedModel([
      [functionCall("echo", { word: "a" })],
      [functionCall("echo", { word: "b" })],
      [text("a b")],
    ]);
    const agent = new Agent({ name: "c", model, tools: [echo], usePreviousResponseId: true });
    const result = await run(agent, "echo a then b");
    const [first, second, third] = model.requests;
    expect(first).toMatchObject({
      store: true,
      input: [{ type: "message", role: "user", content: "echo a then b" }],
    });
    expect(first).not.toHaveProperty("previous_response_id");
    expect(second).toMatchObject({
      previous_response_id: "resp_0",
      input: [{ type: "function_call_output", call_id: "call_0_0", output: "a" }],
    });
    expect(third).toMatchObject({
      previous_response_id: "resp_1",
      input: [{ type: "function_call_output", call_id: "call_1_0", output: "b" }],
    });
    expect(result.finalOutput).toBe("a b");
  });

  it("falls back to replaying everything when the server does not know the id, for that turn and every later one", async () => {
    const model = new ScriptedModel([
      [functionCall("echo", { word: "a" })],
      notFound("resp_0"),
      [functionCall("echo", { word: "b" })],
      [text("a b")],
    ]);
    const agent = new Agent({ name: "c", model, tools: [echo], usePreviousResponseId: true });
    const stream = runStream(agent, "go");
    const events: RunEvent[] = [];
    for await (const event of stream) events.push(event);
    const result = await stream.result;
    expect(result.status).toBe("completed");
    expect(result.turns).toBe(3);
    const [, lost, replayed, later] = model.requests;
    expect(lost?.previous_response_id).toBe("resp_0");
    expect(replayed).not.toHaveProperty("previous_response_id");
    expect(inputOf(replayed).map((item) => item.type)).toEqual([
      "message",
      "function_call",
      "function_call_output",
    ]);
    expect(later).not.toHaveProperty("previous_response_id");
    expect(inputOf(later).length).toBe(5);
    const retry = events.find((event) => event.type === "turn.retrying");
    expect(retry).toMatchObject({ turn: 2, reason: { code: "previous_response_not_found" } });
    // The failed attempt is not a turn and not a response of the run.
    expect(result.responses.map((r) => r.status)).toEqual(["completed", "completed", "completed"]);
    expect(result.state.toJSON().chain.fellBack).toBe(true);
  });

  it("continues a conversation the caller names with previousResponseId (and cannot fall back from it)", async () => {
    const model = new ScriptedModel([[text("Still Ada.")], notFound("resp_gone")]);
    const agent = new Agent({ name: "c", model, store: true });
    const result = await run(agent, "What is my name?", { previousResponseId: "resp_earlier" });
    expect(model.requests[0]).toMatchObject({
      previous_response_id: "resp_earlier",
      store: true,
      input: [{ type: "message", role: "user", content: "What is my name?" }],
    });
    expect(result.finalOutput).toBe("Still Ada.");
    const error = await run(agent, "again", { previousResponseId: "resp_gone" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as RunError).code).toBe("previous_response_not_found");
    expect(model.requests).toHaveLength(2);
  });

  it("replays statelessly when the model says it cannot chain", async () => {
    const model = new ScriptedModel([[functionCall("echo", { word: "a" })], [text("a")]], {
      capabilities: { previousResponseId: false },
    });
    await run(new Agent({ name: "c", model, tools: [echo], usePreviousResponseId: true }), "go");
    expect(model.requests[1]).not.toHaveProperty("previous_response_id");
    expect(inputOf(model.requests[1]).length).toBe(3);
  });
});
