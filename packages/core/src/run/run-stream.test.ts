import type { StreamEvent } from "@openloop/protocol";
import { streamOrderViolations, validateAgainstSpec } from "@openloop/protocol/fixtures";
import { failMidStream, functionCall, reasoning, ScriptedModel, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import { RunError } from "../errors/run-error.js";
import type { RunEvent } from "../events/run-event.js";
import { tool } from "../tools/index.js";
import { runStream } from "./run-stream.js";

const weather = tool({
  name: "get_weather",
  description: "Weather for a city",
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => `21°C in ${city}`,
});

async function collect(stream: AsyncIterable<RunEvent>): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

const isLoopEvent = (event: RunEvent) => /^(run|turn|tool_call|tool_choice|approval)\./.test(event.type);

describe("runStream", () => {
  it("yields the model's events untouched between the loop's events, in order", async () => {
    const model = new ScriptedModel([
      {
        output: [
          reasoning({ summary: "Check the weather." }),
          functionCall("get_weather", { city: "Paris" }),
        ],
        usage: { input_tokens: 20, output_tokens: 8 },
        chunkSize: 4,
      },
      {
        output: [text("It is 21°C and sunny in Paris.")],
        usage: { input_tokens: 40, output_tokens: 9 },
        chunkSize: 5,
      },
    ]);
    const stream = runStream(new Agent({ name: "w", model, tools: [weather] }), "Weather in Paris?");
    const events = await collect(stream);
    const result = await stream.result;

    const loop = events.filter(isLoopEvent).map((e) => e.type);
    expect(loop).toEqual([
      "run.started",
      "turn.started",
      ...Array(4).fill("tool_call.arguments.delta"),
      "turn.completed",
      "tool_call.started",
      "tool_call.completed",
      "turn.started",
      "turn.completed",
      "run.completed",
    ]);
    // Each turn's model events form a valid spec stream, exactly as the model emitted it.
    const turns: StreamEvent[][] = [];
    for (const event of events) {
      if (event.type === "turn.started") turns.push([]);
      else if (!isLoopEvent(event)) turns.at(-1)?.push(event as StreamEvent);
    }
    expect(turns).toHaveLength(2);
    for (const turn of turns) {
      expect(streamOrderViolations(turn)).toEqual([]);
      for (const event of turn) expect(validateAgainstSpec("StreamEvent", event)).toEqual([]);
    }
    // Users print text deltas as they come; together they are the final output.
    let printed = "";
    for (const event of events) if (event.type === "response.output_text.delta") printed += event.delta;
    expect(printed).toBe(result.finalOutput);

    const completed = events.filter((e) => e.type === "turn.completed");
    expect(completed.map((e) => e.usage.total_tokens)).toEqual([28, 49]);
    expect(result.usage.total_tokens).toBe(77);
    expect(result.usageByTurn.map((u) => u.total_tokens)).toEqual([28, 49]);
    const done = events.find((e) => e.type === "tool_call.completed");
    expect(done).toMatchObject({
      turn: 1,
      name: "get_weather",
      callId: "call_0_1",
      value: "21°C in Paris",
      output: { type: "function_call_output", call_id: "call_0_1", output: "21°C in Paris" },
    });
    expect(events.at(-1)).toEqual({ type: "run.completed", result });
  });

  it("normalizes argument deltas: item id, call id, name, and the arguments so far", async () => {
    const model = new ScriptedModel([
      {
        output: [functionCall("get_weather", { city: "Reykjavík" }, { id: "fc_X", callId: "call_X" })],
        chunkSize: 6,
      },
      [text("Cold.")],
    ]);
    const events = await collect(runStream(new Agent({ name: "w", model, tools: [weather] }), "?"));
    const deltas = events.filter((e) => e.type === "tool_call.arguments.delta");
    expect(deltas.map((d) => d.delta).join("")).toBe('{"city":"Reykjavík"}');
    expect(deltas.at(-1)?.arguments).toBe('{"city":"Reykjavík"}');
    for (const d of deltas)
      expect(d).toMatchObject({ turn: 1, itemId: "fc_X", callId: "call_X", name: "get_weather" });
    expect(deltas[1]?.arguments).toBe(deltas[0]!.delta + deltas[1]!.delta);
  });

  it("reports a failing call with tool_call.failed (code, message, the output the model reads)", async () => {
    const model = new ScriptedModel([[functionCall("get_weather", { town: "Paris" })], [text("Sorry.")]]);
    const events = await collect(runStream(new Agent({ name: "w", model, tools: [weather] }), "?"));
    expect(events.find((e) => e.type === "tool_call.failed")).toMatchObject({
      code: "invalid_tool_arguments",
      name: "get_weather",
      output: { type: "function_call_output", call_id: "call_0_0" },
    });
  });

  it("never throws for a failed run: it yields run.failed and ends; result rejects with the RunError", async () => {
    const model = new ScriptedModel([failMidStream(3, { message: "Upstream died." })]);
    const stream = runStream(new Agent({ name: "w", model }), "?");
    const events = await collect(stream);
    const last = events.at(-1);
    expect(last?.type).toBe("run.failed");
    const error = await stream.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect(last).toEqual({ type: "run.failed", error });
    expect((error as RunError).message).toBe("Upstream died.");
    expect(events.some((e) => e.type === "error")).toBe(true);
  });

  it("never crashes the process with an unhandled rejection when nobody awaits result", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const model = new ScriptedModel([failMidStream(2)]);
      await collect(runStream(new Agent({ name: "w", model }), "?"));
      runStream(new Agent({ name: "w2", model: new ScriptedModel([]) }), "never iterated");
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("breaking out of the iteration cancels the run: running tools see the abort, no further request", async () => {
    const seen: string[] = [];
    const slow = tool({
      name: "slow",
      description: "Slow",
      parameters: z.object({}),
      execute: (_args, { signal }) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener("abort", () => {
            seen.push("tool aborted");
            reject(signal.reason);
          });
        }),
    });
    const model = new ScriptedModel([[functionCall("slow", {})], [text("never")]]);
    const stream = runStream(new Agent({ name: "w", model, tools: [slow] }), "?");
    for await (const event of stream) {
      if (event.type === "tool_call.started") break;
    }
    expect(seen).toEqual(["tool aborted"]);
    const error = (await stream.result.catch((e: unknown) => e)) as RunError;
    expect(error.code).toBe("aborted");
    expect(error.message).toBe("The run was cancelled: the stream's consumer stopped reading.");
    expect(model.requests).toHaveLength(1);
  });

  it("ends every started call with completed or failed, an aborted one included", async () => {
    const wait = tool({
      name: "wait",
      description: "Waits for the abort",
      parameters: z.object({}),
      execute: (_args, { signal }) =>
        new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
    });
    const model = new ScriptedModel([
      [functionCall("get_weather", { city: "Oslo" }), functionCall("wait", {})],
    ]);
    const stream = runStream(new Agent({ name: "w", model, tools: [weather, wait] }), "?");
    const events: RunEvent[] = [];
    for await (const event of stream) {
      events.push(event);
      if (event.type === "tool_call.completed") stream.abort();
    }
    const calls = events.filter(
      (e) => e.type.startsWith("tool_call.") && e.type !== "tool_call.arguments.delta",
    );
    expect(calls.map((e) => [e.type, (e as { name: string }).name])).toEqual([
      ["tool_call.started", "get_weather"],
      ["tool_call.started", "wait"],
      ["tool_call.completed", "get_weather"],
      ["tool_call.failed", "wait"],
    ]);
    expect(calls[3]).toMatchObject({ code: "aborted" });
    expect(events.at(-1)?.type).toBe("run.failed");
  });

  it("works without iterating (result only), however many events there are", async () => {
    const model = new ScriptedModel([{ output: [text("x".repeat(2000))], chunkSize: 1 }]);
    const result = await runStream(new Agent({ name: "w", model }), "?").result;
    expect(result.finalOutput).toHaveLength(2000);
  });

  it("can be iterated once, and aborted from outside", async () => {
    const model = new ScriptedModel([[text("hi")]]);
    const stream = runStream(new Agent({ name: "w", model }), "?");
    await collect(stream);
    expect(() => stream[Symbol.asyncIterator]()).toThrow("runStream() can be iterated once");

    const stalled = runStream(
      new Agent({ name: "w", model: new ScriptedModel([{ output: [text("a")], delayMs: 10_000 }]) }),
      "?",
    );
    stalled.abort();
    expect(((await stalled.result.catch((e: unknown) => e)) as RunError).code).toBe("aborted");
  });
});
