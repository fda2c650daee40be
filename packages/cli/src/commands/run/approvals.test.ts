import { PassThrough, Writable } from "node:stream";
import { Agent, OpenloopError, type RunResult, run, tool } from "@openloop/core";
import { functionCall, ScriptedModel, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { applyFlagDecisions, askApprovals } from "./approvals.js";

function pausedRun(): Promise<{ result: RunResult; ran: string[]; model: ScriptedModel; agent: Agent }> {
  const ran: string[] = [];
  const remove = tool({
    name: "remove",
    description: "Delete a file",
    parameters: z.object({ path: z.string() }),
    needsApproval: true,
    execute: ({ path }) => {
      ran.push(path);
      return `deleted ${path}`;
    },
  });
  const model = new ScriptedModel([
    [
      functionCall("remove", { path: "a.tmp" }, { callId: "call_a" }),
      functionCall("remove", { path: "b.txt" }, { callId: "call_b" }),
      functionCall("remove", { path: "c.log" }, { callId: "call_c" }),
    ],
    [text("Done.")],
  ]);
  const agent = new Agent({ name: "janitor", model, tools: [remove] });
  return run(agent, "Clean up").then((result) => ({ result, ran, model, agent }));
}

/** A terminal conversation: each time the prompt asks, the next answer is typed. */
function typist(answers: string[]) {
  const input = new PassThrough();
  let asked = 0;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (String(chunk).includes("Allow it?")) {
        asked++;
        const answer = answers.shift();
        if (answer !== undefined) setImmediate(() => input.write(`${answer}\n`));
      }
      done();
    },
  });
  return { input, output, asked: () => asked };
}

describe("approvals", () => {
  it("--reject rejects the named calls and --approve-all approves the rest; the run then finishes", async () => {
    const { result, ran, model, agent } = await pausedRun();
    expect(result.status).toBe("interrupted");
    const left = applyFlagDecisions(result.state, { approveAll: true, reject: ["call_b"] });
    expect(left).toEqual([]);
    const done = await run(agent, result.state);
    expect(done.finalOutput).toBe("Done.");
    expect(ran).toEqual(["a.tmp", "c.log"]);
    expect(model.requests[1]?.input?.slice(-3)).toEqual([
      { type: "function_call_output", call_id: "call_a", output: "deleted a.tmp" },
      { type: "function_call_output", call_id: "call_b", output: "A person rejected this remove call." },
      { type: "function_call_output", call_id: "call_c", output: "deleted c.log" },
    ]);
  });

  it("refuses to --reject a call that is not waiting, naming the ones that are", async () => {
    const { result } = await pausedRun();
    let error: unknown;
    try {
      applyFlagDecisions(result.state, { approveAll: true, reject: ["call_typo"] });
    } catch (e) {
      error = e;
    }
    expect(OpenloopError.is(error, "invalid_config")).toBe(true);
    expect((error as Error).message).toContain(
      "--reject call_typo: no such call waits for approval. Waiting: call_a (remove)",
    );
    // Nothing was approved by the failed command.
    expect(result.state.pendingApprovals).toHaveLength(3);
  });

  it("asks on the terminal: y approves, n rejects, a approves this call and the rest", async () => {
    const { result, ran, agent } = await pausedRun();
    const term = typist(["maybe", "n", "a"]);
    const decided = await askApprovals(result.state, term.input, term.output, false);
    expect(decided).toBe(true);
    // "maybe" is no answer (the first call is asked about again); "a" settles the third without asking.
    expect(term.asked()).toBe(3);
    await run(agent, result.state);
    expect(ran).toEqual(["b.txt", "c.log"]);
  });

  it("q stops asking: the calls left stay pending so the run can be saved", async () => {
    const { result } = await pausedRun();
    const term = typist(["y", "q"]);
    expect(await askApprovals(result.state, term.input, term.output, false)).toBe(false);
    expect(result.state.pendingApprovals.map((call) => call.callId)).toEqual(["call_b", "call_c"]);
  });

  it.each([
    ["Ctrl-D (the input ends)", (input: PassThrough) => input.end()],
    ["Ctrl-C", (input: PassThrough) => input.write("\u0003")],
  ])("%s at the prompt stops asking, like q: the calls left stay pending", async (_name, press) => {
    // Regression: the question never settled, so the run hung (or exited unsaved).
    const { result } = await pausedRun();
    const input = Object.assign(new PassThrough(), { isTTY: true });
    let asked = 0;
    const output = new Writable({
      write(chunk, _encoding, done) {
        if (String(chunk).includes("Allow it?") && ++asked === 2) setImmediate(() => press(input));
        else if (String(chunk).includes("Allow it?")) setImmediate(() => input.write("y\r"));
        done();
      },
    });
    expect(await askApprovals(result.state, input, output, false)).toBe(false);
    expect(result.state.pendingApprovals.map((call) => call.callId)).toEqual(["call_b", "call_c"]);
  });
});
