/** Pausing for approvals, serializing the state, and resuming exactly where the run stopped. */
import { OpenloopError } from "@openloop/protocol";
import { functionCall, ScriptedModel, type ScriptTurn, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import { RunError } from "../errors/run-error.js";
import type { RunEvent } from "../events/run-event.js";
import { run } from "../run/run.js";
import { runStream } from "../run/run-stream.js";
import { tool } from "../tools/index.js";
import { RunState } from "./run-state.js";

function setup(script: ScriptTurn[]) {
  const ran: string[] = [];
  const remove = tool({
    name: "remove",
    description: "Delete a file",
    parameters: z.object({ path: z.string() }),
    needsApproval: true,
    execute: ({ path }) => {
      ran.push(`remove ${path}`);
      return `removed ${path}`;
    },
  });
  const shell = tool({
    name: "shell",
    description: "Run a command",
    parameters: z.object({ command: z.string() }),
    needsApproval: ({ command }) => command.startsWith("rm"),
    execute: ({ command }) => {
      ran.push(`shell ${command}`);
      return `ran ${command}`;
    },
  });
  const list = tool({
    name: "list",
    description: "List files",
    parameters: z.object({}),
    execute: () => {
      ran.push("list");
      return "a.txt b.txt";
    },
  });
  const model = new ScriptedModel(script);
  return { model, ran, agent: new Agent({ name: "files", model, tools: [remove, shell, list] }) };
}

const outputsOf = (request: { input?: unknown } | undefined) =>
  ((request?.input ?? []) as { type: string; call_id?: string; output?: unknown }[])
    .filter((item) => item.type === "function_call_output")
    .map((item) => [item.call_id, item.output]);

describe("approvals", () => {
  it("pauses with the pending calls, after running the calls that need no approval", async () => {
    const { agent, ran } = setup([
      [
        functionCall("list", {}),
        functionCall("remove", { path: "a.txt" }),
        functionCall("shell", { command: "ls" }),
      ],
    ]);
    const stream = runStream(agent, "clean up");
    const events: RunEvent[] = [];
    for await (const event of stream) events.push(event);
    const result = await stream.result;
    expect(result.status).toBe("interrupted");
    expect(result.finalOutput).toBeUndefined();
    expect(result.interruptions).toEqual([
      {
        callId: "call_0_1",
        name: "remove",
        arguments: '{"path":"a.txt"}',
        args: { path: "a.txt" },
        agent: "files",
      },
    ]);
    expect(result.stopReason).toEqual({
      code: "interrupted",
      message: "1 tool call awaits approval: remove (call_0_1).",
    });
    expect(ran).toEqual(["list", "shell ls"]);
    // Outputs already produced are in the result, held until the turn is fully answered.
    expect(result.items.map((item) => item.type)).toEqual([
      "function_call",
      "function_call",
      "function_call",
      "function_call_output",
      "function_call_output",
    ]);
    expect(events.filter((e) => e.type === "approval.requested")).toMatchObject([
      { turn: 1, callId: "call_0_1", name: "remove", args: { path: "a.txt" } },
    ]);
    expect(events.at(-1)).toMatchObject({ type: "run.interrupted" });
    expect(result.state.pendingApprovals.map((p) => p.callId)).toEqual(["call_0_1"]);
  });

  it("resumes after a JSON round trip: approved calls run, outputs go in call order, nothing runs twice", async () => {
    const { agent, ran, model } = setup([
      [
        functionCall("list", {}),
        functionCall("remove", { path: "a.txt" }),
        functionCall("shell", { command: "rm -rf /tmp/x" }),
      ],
      [text("Cleaned up.")],
    ]);
    const paused = await run(agent, "clean up");
    expect(paused.interruptions.map((p) => p.name)).toEqual(["remove", "shell"]);
    const saved = JSON.stringify(paused.state);
    expect(JSON.parse(saved).version).toBe(1);

    const state = RunState.fromJSON(saved, agent);
    expect(state.status).toBe("interrupted");
    state.approve("call_0_1").reject("call_0_2", { message: "Not on my machine." });
    const done = await run(agent, state);
    expect(done.status).toBe("completed");
    expect(done.finalOutput).toBe("Cleaned up.");
    expect(ran).toEqual(["list", "remove a.txt"]);
    expect(outputsOf(model.requests[1])).toEqual([
      ["call_0_0", "a.txt b.txt"],
      ["call_0_1", "removed a.txt"],
      ["call_0_2", "Not on my machine."],
    ]);
    expect(done.turns).toBe(2);
    expect(done.items.map((item) => item.type)).toEqual([
      "function_call",
      "function_call",
      "function_call",
      "function_call_output",
      "function_call_output",
      "function_call_output",
      "message",
    ]);
  });

  it("tells the model a rejected call was rejected (default message) and emits tool_call.rejected", async () => {
    const { agent, ran, model } = setup([[functionCall("remove", { path: "x" })], [text("OK, I won't.")]]);
    const paused = await run(agent, "delete x");
    paused.state.reject("call_0_0");
    const stream = runStream(agent, paused.state);
    const events: RunEvent[] = [];
    for await (const event of stream) events.push(event);
    expect((await stream.result).finalOutput).toBe("OK, I won't.");
    expect(ran).toEqual([]);
    expect(outputsOf(model.requests[1])).toEqual([
      ["call_0_0", 'Error: Tool "remove" was not run: a person rejected the call.'],
    ]);
    expect(events[0]).toMatchObject({ type: "run.started", resumed: true });
    expect(events.find((e) => e.type === "tool_call.rejected")).toMatchObject({
      by: "approval",
      callId: "call_0_0",
    });
  });

  it("stays interrupted, without calling the model, until every pending call is decided", async () => {
    const { agent, model } = setup([
      [functionCall("remove", { path: "a" }), functionCall("remove", { path: "b" })],
    ]);
    const paused = await run(agent, "go");
    paused.state.approve("call_0_0");
    const still = await run(agent, paused.state);
    expect(still.status).toBe("interrupted");
    expect(still.interruptions.map((p) => p.callId)).toEqual(["call_0_1"]);
    expect(model.requests).toHaveLength(1);
  });

  it("asks for approval only where the needsApproval function says so, and fails closed if it throws", async () => {
    const ran: string[] = [];
    const guarded = tool({
      name: "guarded",
      description: "Guarded",
      parameters: z.object({ n: z.number() }),
      needsApproval: ({ n }) => {
        if (n < 0) throw new Error("cannot decide");
        return n > 10;
      },
      execute: ({ n }) => {
        ran.push(String(n));
        return n;
      },
    });
    const model = new ScriptedModel([
      [
        functionCall("guarded", { n: 1 }),
        functionCall("guarded", { n: 99 }),
        functionCall("guarded", { n: -1 }),
        functionCall("guarded", "not json"),
      ],
    ]);
    const result = await run(new Agent({ name: "g", model, tools: [guarded] }), "go");
    expect(result.interruptions.map((p) => p.args)).toEqual([{ n: 99 }, { n: -1 }]);
    // Arguments that do not parse need no approval: the model is told they are invalid.
    expect(ran).toEqual(["1"]);
    expect(result.items.filter((item) => item.type === "function_call_output")).toHaveLength(2);
  });

  it("a state resumes once; approving an unknown call is an error", async () => {
    const { agent } = setup([[functionCall("remove", { path: "a" })], [text("done")], [text("again")]]);
    const paused = await run(agent, "go");
    expect(() => paused.state.approve("call_nope")).toThrow(
      'Invalid RunState: call "call_nope" does not await approval (awaiting: call_0_0).',
    );
    paused.state.approve("call_0_0");
    await run(agent, paused.state);
    const again = (await run(agent, paused.state).catch((e: unknown) => e)) as RunError;
    expect(again).toBeInstanceOf(RunError);
    expect(again.code).toBe("invalid_run_state");
    expect(again.message).toBe(
      "Invalid RunState: this state was already resumed once; resume from the state of that run's result.",
    );
    expect(() => paused.state.approve("call_0_0")).toThrow(/already resumed/);
  });
});

describe("the time budget across a pause", () => {
  it("does not count the time paused for approval, but carries the time spent running", async () => {
    const { model } = setup([[functionCall("remove", { path: "a" })], [text("done")], [text("never")]]);
    const agent = new Agent({ name: "files", model, tools: setup([]).agent.tools, timeoutMs: 250 });
    const paused = await run(agent, "go");
    const json = JSON.parse(JSON.stringify(paused.state));
    expect(json.elapsedMs).toBeLessThan(250);
    await new Promise((resolve) => setTimeout(resolve, 300)); // longer than the whole budget
    const state = RunState.fromJSON(json, agent).approve("call_0_0");
    expect((await run(agent, state)).status).toBe("completed");

    const spent = RunState.fromJSON({ ...json, elapsedMs: 250 }, agent).approve("call_0_0");
    const error = (await run(agent, spent).catch((e: unknown) => e)) as RunError;
    expect(error.code).toBe("budget_exceeded");
    expect(error.details).toMatchObject({ budget: "time" });
  });
});

describe("RunState.fromJSON", () => {
  async function saved() {
    const { agent } = setup([[functionCall("remove", { path: "a" })]]);
    const paused = await run(agent, "go");
    return { agent, json: JSON.parse(JSON.stringify(paused.state)) as Record<string, unknown> };
  }
  const invalid = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      expect(OpenloopError.is(error, "invalid_run_state")).toBe(true);
      return (error as Error).message;
    }
    throw new Error("expected invalid_run_state");
  };

  it("rejects another version, another agent, non-JSON and malformed states with clear messages", async () => {
    const { agent, json } = await saved();
    expect(invalid(() => RunState.fromJSON({ ...json, version: 2 }))).toBe(
      "Invalid RunState: unsupported format version 2 (this version of openloop reads version 1).",
    );
    expect(invalid(() => RunState.fromJSON(json, { name: "other" }))).toBe(
      'Invalid RunState: the state belongs to agent "files", not "other".',
    );
    expect(invalid(() => RunState.fromJSON("{not json"))).toMatch(/^Invalid RunState: not valid JSON/);
    expect(invalid(() => RunState.fromJSON("[]"))).toBe(
      "Invalid RunState: expected a JSON object, got object.",
    );
    expect(invalid(() => RunState.fromJSON({ ...json, turns: -1, items: "nope" }))).toMatch(
      /^Invalid RunState: malformed state: items: .*; turns: /,
    );
    const pending = json.pending as Record<string, unknown>;
    expect(invalid(() => RunState.fromJSON({ ...json, pending: { ...pending, outputs: [] } }))).toMatch(
      /pending.outputs and pending.ran must have one entry per call/,
    );
    expect(RunState.fromJSON(JSON.stringify(json), agent).pendingApprovals).toHaveLength(1);
  });

  it("refuses to resume a state with an agent of another name", async () => {
    const { json } = await saved();
    const other = new Agent({ name: "other", model: new ScriptedModel([]) });
    const error = (await run(other, RunState.fromJSON(json)).catch((e: unknown) => e)) as RunError;
    expect(error.code).toBe("invalid_run_state");
  });
});
