/** A failing model ends the run with a typed RunError carrying the partial result; nothing crashes. */
import { ModelHttpError } from "@openloop/protocol";
import {
  cutConnection,
  failMidStream,
  functionCall,
  httpError,
  reasoning,
  ScriptedModel,
  type ScriptTurn,
  text,
} from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import { RunError } from "../errors/run-error.js";
import { run } from "../run/run.js";
import { MemorySession } from "../session/memory-session.js";
import { tool } from "../tools/index.js";

const ping = tool({ name: "ping", description: "Ping", parameters: z.object({}), execute: () => "pong" });

async function failWith(turn2: ScriptTurn) {
  const model = new ScriptedModel([[functionCall("ping", {})], turn2]);
  const error = await run(new Agent({ name: "f", model, tools: [ping] }), "go").catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RunError);
  return error as RunError;
}

describe("model failures", () => {
  it("an HTTP error: model_http_error, the ModelHttpError (status, server code) as cause", async () => {
    const error = await failWith(
      httpError(500, {
        error: { type: "server_error", code: "overloaded", message: "Try later.", param: null },
      }),
    );
    expect(error.code).toBe("model_http_error");
    expect(error.cause).toBeInstanceOf(ModelHttpError);
    expect((error.cause as ModelHttpError).status).toBe(500);
    expect((error.cause as ModelHttpError).serverCode).toBe("overloaded");
    expect(error.result.status).toBe("failed");
    // The completed first turn and its tool result are kept.
    expect(error.result.items.map((item) => item.type)).toEqual(["function_call", "function_call_output"]);
    expect(error.result.turns).toBe(1);
  });

  it("a stream cut mid-response: stream_interrupted, the partial response kept in responses", async () => {
    const error = await failWith(cutConnection(4, [text("Half an ans")]));
    expect(error.code).toBe("stream_interrupted");
    expect(error.result.responses).toHaveLength(2);
    expect(error.result.responses[1]?.status).toBe("failed");
    // The broken response's items are not part of the transcript (they are not replayable).
    expect(error.result.items).toHaveLength(2);
  });

  it("an error event from the server: model_failed with the server's message and code", async () => {
    const error = await failWith(failMidStream(3, { code: "rate_limit_exceeded", message: "Slow down." }));
    expect(error.code).toBe("model_failed");
    expect(error.message).toBe("Slow down.");
    expect(error.details?.serverCode).toBe("rate_limit_exceeded");
  });

  it("an incomplete response: response_incomplete with the reason", async () => {
    const error = await failWith({ output: [text("Truncat")], status: "incomplete" });
    expect(error.code).toBe("response_incomplete");
    expect(error.message).toBe("The model's response is incomplete (reason: max_output_tokens).");
    expect(error.result.responses[1]?.status).toBe("incomplete");
  });

  it('a response with no answer (empty, or reasoning only): empty_response, never a final answer of ""', async () => {
    const empty = await failWith([]);
    expect(empty.code).toBe("empty_response");
    expect(empty.message).toBe(
      "The model's response in turn 2 holds no answer: its output is empty (no message, no tool call).",
    );
    expect(empty.result.status).toBe("failed");
    expect(empty.result.finalOutput).toBeUndefined();

    const session = new MemorySession();
    const model = new ScriptedModel([
      [functionCall("ping", {})],
      [reasoning({ summary: "Hmm.", encrypted: "gAAAA" })],
      [text("pong it is")],
    ]);
    const agent = new Agent({ name: "f", model, tools: [ping] });
    const thinking = (await run(agent, "go", { session }).catch((e: unknown) => e)) as RunError;
    expect(thinking.code).toBe("empty_response");
    expect(thinking.message).toMatch(/it holds only reasoning/);
    // The turn counts (tokens were spent) and its response is kept, but a trailing reasoning item
    // (an orphan to stateless servers) joins neither the transcript nor the session.
    expect(thinking.result.turns).toBe(2);
    expect(thinking.result.responses[1]?.output[0]?.type).toBe("reasoning");
    expect(thinking.result.items.map((item) => item.type)).toEqual(["function_call", "function_call_output"]);
    expect((await session.getItems()).map((item) => item.type)).toEqual([
      "message",
      "function_call",
      "function_call_output",
    ]);
    // Resuming asks again with the same input.
    const resumed = await run(agent, thinking.result.state, { session });
    expect(resumed.finalOutput).toBe("pong it is");
    expect(model.requests[2]?.input).toEqual(model.requests[1]?.input);
  });

  it("a response whose answer is a hosted tool's item (an image, no text) still completes", async () => {
    const image = { type: "image_generation_call", id: "ig_1", status: "completed", result: "iVBORw0KGgo=" };
    const model = new ScriptedModel([[image]]);
    const agent = new Agent({ name: "f", model, tools: [{ type: "image_generation" }] });
    const result = await run(agent, "Draw a cat");
    expect(result.status).toBe("completed");
    expect(result.finalOutput).toBe("");
    expect(result.items).toEqual([image]);
  });

  it("a model with nothing more to say fails the run instead of hanging", async () => {
    const model = new ScriptedModel([[text("only one")]]);
    const agent = new Agent({ name: "f", model, tools: [ping] });
    await run(agent, "first");
    const second = await run(agent, "second").catch((e: unknown) => e);
    expect(second).toBeInstanceOf(RunError);
    expect((second as RunError).code).toBe("model_failed");
    expect((second as RunError).message).toMatch(/^ScriptedModel has no turn for request 2/);
  });

  it("a failing run can be resumed from its state once the model is back", async () => {
    const calls: string[] = [];
    const once = tool({
      name: "once",
      description: "Must run once",
      parameters: z.object({}),
      execute: () => {
        calls.push("ran");
        return "done";
      },
    });
    const model = new ScriptedModel([[functionCall("once", {})], httpError(503), [text("finished")]]);
    const agent = new Agent({ name: "f", model, tools: [once] });
    const error = (await run(agent, "go").catch((e: unknown) => e)) as RunError;
    expect(error.code).toBe("model_http_error");
    const resumed = await run(agent, error.result.state);
    expect(resumed.finalOutput).toBe("finished");
    expect(calls).toEqual(["ran"]);
    expect(resumed.turns).toBe(2);
    expect(model.requests[2]?.input).toEqual(model.requests[1]?.input);
  });
});
