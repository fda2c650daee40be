/**
 * The tools inside the real loop: a scripted model (the only double) drives an agent that reads,
 * edits and runs commands in a real workspace, with the approval policy pausing the run.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Agent, RunState, run } from "@openloop/core";
import { functionCall, ScriptedModel, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { SECRET, tmpWorkspace } from "../test/support/tmp-workspace.js";
import { codingTools } from "./coding-tools.js";

const BUGGY = "export const add = (a, b) => a - b;\n";
const FIXED = "export const add = (a, b) => a + b;\n";

/** The output the model was sent for a call, in the request that followed it. */
function outputFor(model: ScriptedModel, callId: string): unknown {
  for (const request of model.requests) {
    const input = Array.isArray(request.input) ? request.input : [];
    const found = input.find(
      (item) =>
        (item as { type?: string; call_id?: string }).type === "function_call_output" &&
        (item as { call_id?: string }).call_id === callId,
    ) as { output?: unknown } | undefined;
    if (found) return found.output;
  }
  return undefined;
}

describe("a coding agent over the tools", () => {
  it("reads and edits a file, then pauses on shell until a person approves, and resumes", async () => {
    const t = tmpWorkspace({ "src/math.js": BUGGY });
    const model = new ScriptedModel([
      [functionCall("read_file", { path: "src/math.js" }, { callId: "read" })],
      [
        functionCall(
          "edit_file",
          { path: "src/math.js", old_text: "a - b", new_text: "a + b" },
          { callId: "edit" },
        ),
      ],
      [functionCall("shell", { command: "grep -c 'a + b' src/math.js" }, { callId: "check" })],
      [text("Fixed: add() adds now.")],
    ]);
    const agent = new Agent({
      name: "coder",
      model,
      tools: codingTools({ root: t.root, approval: { edit_file: { allow: ["src/**"] }, shell: "always" } }),
    });

    const paused = await run(agent, "add() subtracts; fix it and check.");
    expect(paused.status).toBe("interrupted");
    expect(paused.interruptions.map(({ callId, name }) => ({ callId, name }))).toEqual([
      { callId: "check", name: "shell" },
    ]);
    // The read reached the model, and the edit (allowed under src/**) ran without asking.
    expect(outputFor(model, "read")).toBe(BUGGY.trimEnd());
    expect(outputFor(model, "edit")).toBe('Edited "src/math.js": replaced 1 occurrence (at line 1).');
    expect(readFileSync(join(t.root, "src/math.js"), "utf8")).toBe(FIXED);

    const state = RunState.fromJSON(JSON.stringify(paused.state), agent);
    state.approve("check");
    const done = await run(agent, state);
    expect(done.status).toBe("completed");
    expect(done.finalOutput).toBe("Fixed: add() adds now.");
    expect(outputFor(model, "check")).toBe("1\n[Exit code 0]");
  });

  it("never runs a rejected command, and tells the model about jail refusals", async () => {
    const t = tmpWorkspace({ "src/math.js": BUGGY });
    const model = new ScriptedModel([
      [
        functionCall("read_file", { path: "../outside/secret.txt" }, { callId: "peek" }),
        functionCall("shell", { command: "git status" }, { callId: "status" }),
        functionCall("shell", { command: "git status && rm -rf src" }, { callId: "wipe" }),
      ],
      [text("Understood.")],
    ]);
    const agent = new Agent({
      name: "coder",
      model,
      tools: codingTools({ root: t.root, approval: { shell: { allow: ["git status"] } } }),
    });

    const paused = await run(agent, "Clean up.");
    // Only the chained command waits: `git status` alone is allowed, the read needs no approval.
    expect(paused.interruptions.map((call) => call.callId)).toEqual(["wipe"]);
    const state = paused.state.reject("wipe", { message: "No: never delete src." });
    const done = await run(agent, state);

    expect(done.status).toBe("completed");
    expect(readFileSync(join(t.root, "src/math.js"), "utf8")).toBe(BUGGY);
    const peek = String(outputFor(model, "peek"));
    expect(peek).toContain('Path "../outside/secret.txt" is outside the workspace');
    expect(peek).not.toContain(SECRET);
    expect(String(outputFor(model, "status"))).toMatch(/\[Exit code \d+\]$/);
    expect(outputFor(model, "wipe")).toBe("No: never delete src.");
  });
});
