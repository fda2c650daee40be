import type { ItemParam } from "@openloop/protocol";
import { validateAgainstSpec } from "@openloop/protocol/fixtures";
import { functionCall, reasoning, ScriptedModel, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import { run } from "../run/run.js";
import { tool } from "../tools/index.js";

const inputOf = (request: { input?: unknown } | undefined) => (request?.input ?? []) as ItemParam[];

const lookup = tool({
  name: "lookup",
  description: "Look a word up",
  parameters: z.object({ word: z.string() }),
  execute: ({ word }) => `${word}: a definition`,
});

describe("stateless replay (the default)", () => {
  it("replays every earlier output item verbatim — ids, order, unknown fields — then the outputs", async () => {
    const extension = { type: "acme:trace", id: "tr_1", status: "completed", span: { ms: 3 } };
    const model = new ScriptedModel([
      [
        reasoning({ summary: "Need a lookup.", encrypted: "enc-A", id: "rs_A" }),
        {
          ...functionCall("lookup", { word: "loop" }, { id: "fc_A", callId: "call_A" }),
          "acme:note": "kept",
        },
        extension,
      ],
      [text("Looked it up.", { id: "msg_B", phase: "commentary" }), functionCall("lookup", { word: "run" })],
      [text("Done.")],
    ]);
    const result = await run(new Agent({ name: "r", model, tools: [lookup] }), "Define loop and run");
    const [first, second, third] = model.requests;
    expect(first?.store).toBe(false);
    expect(first?.include).toEqual(["reasoning.encrypted_content"]);
    expect(second?.input).toEqual([
      { type: "message", role: "user", content: "Define loop and run" },
      {
        type: "reasoning",
        id: "rs_A",
        summary: [{ type: "summary_text", text: "Need a lookup." }],
        encrypted_content: "enc-A",
      },
      {
        type: "function_call",
        id: "fc_A",
        call_id: "call_A",
        name: "lookup",
        arguments: '{"word":"loop"}',
        status: "completed",
        "acme:note": "kept",
      },
      extension,
      { type: "function_call_output", call_id: "call_A", output: "loop: a definition" },
    ]);
    // The third request appends to the second: nothing earlier changes.
    expect(third?.input?.slice(0, 5)).toEqual(second?.input);
    expect(
      inputOf(third)
        .slice(5)
        .map((item) => [item.type, item.id ?? null]),
    ).toEqual([
      ["message", "msg_B"],
      ["function_call", "fc_1_1"],
      ["function_call_output", null],
    ]);
    expect(inputOf(third)[5]).toMatchObject({ phase: "commentary" });
    expect(result.finalOutput).toBe("Done.");
  });

  it("never sends raw reasoning back, keeps summary and encrypted content, and matches the spec's ItemParam", async () => {
    const model = new ScriptedModel([
      [
        reasoning({ summary: "Short.", content: "the raw chain of thought", encrypted: "enc-R", id: "rs_R" }),
        functionCall("lookup", { word: "x" }),
      ],
      [text("ok")],
    ]);
    const result = await run(new Agent({ name: "r", model, tools: [lookup] }), "go");
    const replayed = inputOf(model.requests[1]).find((item) => item.type === "reasoning");
    expect(replayed).toEqual({
      type: "reasoning",
      id: "rs_R",
      summary: [{ type: "summary_text", text: "Short." }],
      encrypted_content: "enc-R",
    });
    expect(validateAgainstSpec("CreateResponseBody", model.requests[1])).toEqual([]);
    // Reasoning stays visible to the caller: in the result, raw content included.
    expect(result.items[0]).toMatchObject({
      type: "reasoning",
      content: [{ type: "reasoning_text", text: "the raw chain of thought" }],
    });
  });

  it("drops reasoning without encrypted content (an orphan breaks stateless servers)", async () => {
    const model = new ScriptedModel([
      [reasoning({ summary: "thinking", content: "raw" }), functionCall("lookup", { word: "x" })],
      [text("ok")],
    ]);
    await run(new Agent({ name: "r", model, tools: [lookup] }), "go");
    expect(inputOf(model.requests[1]).map((item) => item.type)).toEqual([
      "message",
      "function_call",
      "function_call_output",
    ]);
  });

  it("keeps such reasoning (without its raw content) when the model accepts it", async () => {
    const model = new ScriptedModel(
      [
        [
          reasoning({ summary: "thinking", content: "raw", id: "rs_L" }),
          functionCall("lookup", { word: "x" }),
        ],
        [text("ok")],
      ],
      { capabilities: { reasoningReplay: true } },
    );
    await run(new Agent({ name: "r", model, tools: [lookup] }), "go");
    expect(inputOf(model.requests[1])[1]).toEqual({
      type: "reasoning",
      id: "rs_L",
      summary: [{ type: "summary_text", text: "thinking" }],
    });
  });

  it("accepts a previous run's items as input, cleaning reasoning the same way", async () => {
    const first = new ScriptedModel([
      [reasoning({ summary: "s", content: "raw", encrypted: "e", id: "rs_1" }), text("Hi Ada.")],
    ]);
    const agent = new Agent({ name: "chat", model: first });
    const one = await run(agent, "I am Ada.");
    const second = new ScriptedModel([[text("Your name is Ada.")]]);
    await run(agent.clone({ model: second }), [
      { type: "message", role: "user", content: "I am Ada." },
      ...(one.items as ItemParam[]),
      { type: "message", role: "user", content: "What is my name?" },
    ]);
    const input = second.requests[0]?.input as ItemParam[];
    expect(input[1]).toEqual({
      type: "reasoning",
      id: "rs_1",
      summary: [{ type: "summary_text", text: "s" }],
      encrypted_content: "e",
    });
    expect(input.map((item) => item.type)).toEqual(["message", "reasoning", "message", "message"]);
  });
});
