/**
 * A run paused for approvals in this process is serialized to a file and resumed by a new Node
 * process, against a real HTTP server. The resumed run continues exactly where it stopped, and no
 * tool runs twice across the two processes.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { ItemParam } from "@openloop/protocol";
import { functionCall, startMockServer, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { run } from "../run/run.js";
import { makeAgent } from "./resume-child.test-helpers.js";

const inputOf = (request: { input?: unknown } | undefined) => (request?.input ?? []) as ItemParam[];

const exec = promisify(execFile);
const child = fileURLToPath(new URL("./resume-child-main.test-helpers.ts", import.meta.url));
const root = fileURLToPath(new URL("../../../../", import.meta.url));

describe("resuming in another process", () => {
  it("continues a run serialized by the parent, running each tool once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "openloop-resume-"));
    const logFile = join(dir, "tools.log");
    const stateFile = join(dir, "state.json");
    writeFileSync(logFile, "");
    const server = await startMockServer([
      [functionCall("list_files", {})],
      [
        functionCall("remove", { path: "a.tmp" }),
        functionCall("remove", { path: "thesis.tex" }),
        functionCall("remove", { path: "b.tmp" }),
      ],
      [text("Removed a.tmp and b.tmp; kept thesis.tex.")],
    ]);
    try {
      const agent = makeAgent(server.url, logFile);
      const paused = await run(agent, "Free some space");
      expect(paused.status).toBe("interrupted");
      expect(paused.interruptions.map((p) => p.args)).toEqual([
        { path: "a.tmp" },
        { path: "thesis.tex" },
        { path: "b.tmp" },
      ]);
      writeFileSync(stateFile, JSON.stringify(paused.state));

      const { stdout } = await exec(
        process.execPath,
        ["--conditions=source", "--import", "tsx", child, server.url, stateFile, logFile],
        { cwd: root },
      );
      expect(JSON.parse(stdout)).toEqual({
        status: "completed",
        finalOutput: "Removed a.tmp and b.tmp; kept thesis.tex.",
        turns: 3,
        items: 9,
      });
      // Each tool ran once in total: list_files in the parent, the approved removals in the child.
      expect(readFileSync(logFile, "utf8").trim().split("\n")).toEqual([
        "list_files",
        "remove a.tmp",
        "remove b.tmp",
      ]);
      const last = server.requests.at(-1)?.body;
      expect(
        inputOf(last)
          .filter((i) => i.type === "function_call_output")
          .map((i) => i.output),
      ).toEqual(["a.tmp b.tmp thesis.tex", "removed a.tmp", "Kept thesis.tex.", "removed b.tmp"]);
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
