import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, OpenloopError, RunState, run, tool } from "@openloop/core";
import { functionCall, ScriptedModel } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defaultStatePath, loadRun, saveRun } from "./state-file.js";

describe("state files", () => {
  it("round-trips a paused run: the pending calls readable, the state loadable, no key inside", async () => {
    const dir = await mkdtemp(join(tmpdir(), "openloop-state-"));
    const write = tool({
      name: "write",
      description: "w",
      parameters: z.object({ path: z.string() }),
      needsApproval: true,
      execute: () => "ok",
    });
    const agent = new Agent({
      name: "openloop",
      model: new ScriptedModel([[functionCall("write", { path: "x" })]]),
      tools: [write],
    });
    const result = await run(agent, "Write x");
    const path = await saveRun(join(dir, "nested", "s.json"), {
      task: "Write x",
      provider: { wire: "responses", model: "m", baseURL: "http://127.0.0.1:1/v1" },
      settings: { tools: ["code"], workspace: dir, maxTurns: 5 },
      pending: result.interruptions,
      state: result.state,
    });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const saved = await loadRun(path);
    expect(saved.pending).toEqual([{ callId: "call_0_0", name: "write", arguments: '{"path":"x"}' }]);
    const state = RunState.fromJSON(saved.state as object, agent);
    expect(state.pendingApprovals.map((c) => c.callId)).toEqual(["call_0_0"]);
    expect(await readFile(path, "utf8")).not.toMatch(/api[_-]?key/i);
  });

  it("puts the default file under .openloop/ in the working directory", () => {
    expect(defaultStatePath("/work/repo", new Date("2026-05-01T10:20:30.456Z"))).toBe(
      "/work/repo/.openloop/run-2026-05-01T10-20-30-456Z.json",
    );
  });

  it.each([
    ["not JSON", "{", /is not JSON/],
    ["another kind of file", '{"version": 1}', /is not an openloop run state file/],
    [
      "another version",
      '{"kind": "openloop.run", "version": 9}',
      /has format version 9; this openloop reads version 1/,
    ],
    ["incomplete", '{"kind": "openloop.run", "version": 1}', /is incomplete/],
  ])("refuses a file that is %s with a usage error", async (_name, content, message) => {
    const dir = await mkdtemp(join(tmpdir(), "openloop-state-"));
    const path = join(dir, "s.json");
    await writeFile(path, content);
    const error = await loadRun(path).catch((e: unknown) => e);
    expect(OpenloopError.is(error, "invalid_config")).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});
