/**
 * Approvals inside an agent used as a tool: the nested call pauses the caller's whole run, the
 * caller's RunState holds the nested run's state (through JSON too), and resuming it continues
 * the nested run where it stopped, running no tool twice, at any depth.
 */
import type { ItemParam } from "@openloop/protocol";
import { functionCall, ScriptedModel, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import type { RunEvent } from "../events/run-event.js";
import { run } from "../run/run.js";
import { runStream } from "../run/run-stream.js";
import { RunState } from "../state/run-state.js";
import { tool } from "../tools/index.js";

function files() {
  const ran: string[] = [];
  const list = tool({
    name: "list",
    description: "List files",
    parameters: z.object({}),
    execute: () => {
      ran.push("list");
      return "a.tmp thesis.tex";
    },
  });
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
  return { ran, list, remove };
}

describe("approvals inside a nested agent", () => {
  it("pause the caller, resume from the caller's serialized state, and run no tool twice", async () => {
    const { ran, list, remove } = files();
    const janitorModel = new ScriptedModel([
      [functionCall("list")],
      [
        functionCall("remove", { path: "a.tmp" }, { callId: "rm_1" }),
        functionCall("remove", { path: "thesis.tex" }, { callId: "rm_2" }),
      ],
      [text("Removed a.tmp; kept thesis.tex.")],
    ]);
    const janitor = new Agent({ name: "janitor", model: janitorModel, tools: [list, remove] });
    const note = tool({
      name: "note",
      description: "Take a note",
      parameters: z.object({ text: z.string() }),
      execute: ({ text }) => {
        ran.push(`note ${text}`);
        return "noted";
      },
    });
    const bossModel = new ScriptedModel([
      [functionCall("clean", { input: "Free some space" }), functionCall("note", { text: "cleaning" })],
      [text("The janitor removed a.tmp.")],
    ]);
    const boss = new Agent({
      name: "boss",
      model: bossModel,
      tools: [janitor.asTool({ name: "clean", description: "Cleans up disk space" }), note],
    });

    const paused = await run(boss, "Clean up");
    expect(paused.status).toBe("interrupted");
    expect(paused.stopReason.message).toBe(
      '2 tool calls await approval: remove (rm_1, in agent "janitor"), remove (rm_2, in agent "janitor").',
    );
    expect(paused.interruptions).toEqual([
      {
        callId: "rm_1",
        name: "remove",
        arguments: '{"path":"a.tmp"}',
        args: { path: "a.tmp" },
        agent: "janitor",
        path: ["call_0_0"],
      },
      {
        callId: "rm_2",
        name: "remove",
        arguments: '{"path":"thesis.tex"}',
        args: { path: "thesis.tex" },
        agent: "janitor",
        path: ["call_0_0"],
      },
    ]);
    // The sibling call ran; the nested agent's list ran; nothing was removed yet.
    expect([...ran].sort()).toEqual(["list", "note cleaning"]);
    expect(bossModel.requests).toHaveLength(1);

    const state = RunState.fromJSON(JSON.stringify(paused.state), boss);
    state.approve("rm_1").reject("rm_2", { message: "Keep the thesis." });
    const done = await run(boss, state);
    expect(done.status).toBe("completed");
    expect(done.finalOutput).toBe("The janitor removed a.tmp.");
    expect(ran.slice(2)).toEqual(["remove a.tmp"]);
    // The nested run continued at its third turn with both answers; the boss got the outputs in call order.
    expect(janitorModel.requests).toHaveLength(3);
    expect(janitorModel.requests[2]?.input?.slice(-2)).toEqual([
      { type: "function_call_output", call_id: "rm_1", output: "removed a.tmp" },
      { type: "function_call_output", call_id: "rm_2", output: "Keep the thesis." },
    ]);
    const answered = (bossModel.requests[1]?.input ?? []) as ItemParam[];
    expect(answered.filter((i) => i.type === "function_call_output")).toEqual([
      { type: "function_call_output", call_id: "call_0_0", output: "Removed a.tmp; kept thesis.tex." },
      { type: "function_call_output", call_id: "call_0_1", output: "noted" },
    ]);
  });

  it("stays paused while a nested call is undecided, without calling any model", async () => {
    const { remove } = files();
    const innerModel = new ScriptedModel([[functionCall("remove", { path: "x" })], [text("ok")]]);
    const inner = new Agent({ name: "inner", model: innerModel, tools: [remove] });
    const outerModel = new ScriptedModel([[functionCall("go", { input: "x" })], [text("done")]]);
    const outer = new Agent({
      name: "outer",
      model: outerModel,
      tools: [inner.asTool({ name: "go", description: "Go" })],
    });
    const paused = await run(outer, "x");
    const again = await run(outer, paused.state);
    expect(again.status).toBe("interrupted");
    expect(again.interruptions.map((i) => i.callId)).toEqual(["call_0_0"]);
    expect(innerModel.requests).toHaveLength(1);
    expect(outerModel.requests).toHaveLength(1);
  });

  it("works two levels deep, with the same call ids at each level told apart by path", async () => {
    const { ran, remove } = files();
    // Each ScriptedModel numbers its calls from call_0_0: the ids collide across levels.
    const leaf = new Agent({
      name: "leaf",
      model: new ScriptedModel([[functionCall("remove", { path: "deep.tmp" })], [text("leaf done")]]),
      tools: [remove],
    });
    const middle = new Agent({
      name: "middle",
      model: new ScriptedModel([
        [functionCall("remove", { path: "mid.tmp" }), functionCall("leaf", { input: "go" })],
        [text("middle done")],
      ]),
      tools: [remove, leaf.asTool({ name: "leaf", description: "Leaf" })],
    });
    const top = new Agent({
      name: "top",
      model: new ScriptedModel([[functionCall("middle", { input: "go" })], [text("top done")]]),
      tools: [middle.asTool({ name: "middle", description: "Middle" })],
    });
    const events: RunEvent[] = [];
    const stream = runStream(top, "go");
    for await (const event of stream) events.push(event);
    const paused = await stream.result;
    expect(paused.interruptions.map(({ callId, agent, path }) => ({ callId, agent, path }))).toEqual([
      { callId: "call_0_0", agent: "middle", path: ["call_0_0"] },
      { callId: "call_0_0", agent: "leaf", path: ["call_0_0", "call_0_1"] },
    ]);
    // The leaf's approval request reaches the top's stream wrapped twice.
    const wrapped = events.find(
      (e) =>
        e.type === "agent.event" &&
        e.event.type === "agent.event" &&
        e.event.event.type === "approval.requested",
    );
    expect(wrapped).toMatchObject({ agent: "middle", event: { agent: "leaf", callId: "call_0_1" } });

    const state = paused.state;
    expect(() => state.approve("call_0_0")).toThrow(/awaits approval in 2 runs/);
    for (const approval of state.pendingApprovals) state.approve(approval);
    const done = await run(top, state);
    expect(done.finalOutput).toBe("top done");
    expect(ran.sort()).toEqual(["remove deep.tmp", "remove mid.tmp"]);
  });
});
