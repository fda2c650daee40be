/**
 * Approvals in `openloop run`, as child processes against a real HTTP server and a real workspace:
 * a call that changes things stops the run with exit code 3 and the state saved; `--resume STATE
 * --approve-all` or `--reject CALL_ID` continues it in a new process, running no tool twice.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { functionCall, startMockServer, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { parseLines, runCli } from "./support/cli.js";

async function workspace() {
  const dir = await mkdtemp(join(tmpdir(), "openloop-ws-"));
  return { dir, state: join(dir, "..", `${dir.split("/").pop()}-state.json`) };
}

const writeHello = () => [
  functionCall(
    "write_file",
    { path: "hello.txt", content: "Hello from openloop\n" },
    { callId: "call_write" },
  ),
  functionCall("shell", { command: "echo checked" }, { callId: "call_echo" }),
];

describe("openloop run approvals", () => {
  it("stops with exit 3 and the state saved (stdin is not a terminal), then --resume --approve-all finishes", async () => {
    const { dir, state } = await workspace();
    const server = await startMockServer([writeHello(), [text("Wrote hello.txt.")]]);
    try {
      const args = ["--base-url", server.url, "--model", "m", "--workspace", dir];
      const stopped = await runCli(
        ["run", ...args, "--tools", "fs,shell", "--state-file", state, "Write hello.txt"],
        {
          env: {},
        },
      );
      expect(stopped.code).toBe(3);
      expect(stopped.stdout).toContain(
        '? write_file({"path":"hello.txt","content":"Hello from openloop\\n"}) needs approval [call_write]',
      );
      expect(stopped.stderr).toContain(
        "Stopped: waiting for approval of write_file (call_write), shell (call_echo).",
      );
      expect(stopped.stderr).toContain(`State saved to ${state}`);
      expect(stopped.stderr).toContain(`openloop run --resume ${state} --approve-all`);
      expect(existsSync(join(dir, "hello.txt"))).toBe(false);
      const saved = JSON.parse(await readFile(state, "utf8"));
      expect(saved.pending.map((p: { callId: string }) => p.callId)).toEqual(["call_write", "call_echo"]);
      expect(saved.settings).toMatchObject({ tools: ["fs", "shell"], workspace: dir });

      const resumed = await runCli(["run", "--resume", state, "--approve-all", "--json"], { env: {} });
      expect(resumed.code).toBe(0);
      expect(await readFile(join(dir, "hello.txt"), "utf8")).toBe("Hello from openloop\n");
      const events = parseLines(resumed.stdout);
      // The two calls ran concurrently: they complete in either order.
      const completed = events.filter((e) => e.type === "tool_call.completed").map((e) => e.name);
      expect(completed.sort()).toEqual(["shell", "write_file"]);
      expect(events.at(-1)).toMatchObject({
        type: "run.completed",
        result: { finalOutput: "Wrote hello.txt." },
      });
      const outputs = ((server.requests[1]?.body?.input ?? []) as { type: string; output?: string }[]).filter(
        (i) => i.type === "function_call_output",
      );
      expect(outputs).toHaveLength(2);
      expect(outputs[1]?.output).toContain("checked");
    } finally {
      await server.close();
    }
  });

  it("--reject CALL_ID leaves that call unrun and tells the model; the others run", async () => {
    const { dir, state } = await workspace();
    const server = await startMockServer([writeHello(), [text("I did not write the file.")]]);
    try {
      const stopped = await runCli(
        [
          "run",
          "--base-url",
          server.url,
          "--model",
          "m",
          "-w",
          dir,
          "--tools",
          "fs,shell",
          "--approve",
          "never",
          "--state-file",
          state,
          "Write hello.txt",
        ],
        { env: {} },
      );
      expect(stopped.code).toBe(3);
      const resumed = await runCli(["run", "--resume", state, "--reject", "call_write", "--approve-all"], {
        env: {},
      });
      expect(resumed.code).toBe(0);
      expect(resumed.stdout).toContain(
        "⊘ write_file not run (rejected): A person rejected this write_file call.",
      );
      expect(existsSync(join(dir, "hello.txt"))).toBe(false);
      expect(server.requests[1]?.body?.input).toEqual(
        expect.arrayContaining([
          {
            type: "function_call_output",
            call_id: "call_write",
            output: "A person rejected this write_file call.",
          },
        ]),
      );
    } finally {
      await server.close();
    }
  });

  it("resuming without a decision stops again with exit 3, saving the state again", async () => {
    const { dir, state } = await workspace();
    const server = await startMockServer([writeHello(), [text("done")]]);
    try {
      await runCli(
        ["run", "--base-url", server.url, "--model", "m", "-w", dir, "--state-file", state, "Write"],
        { env: {} },
      );
      const again = await runCli(["run", "--resume", state, "--state-file", state], { env: {} });
      expect(again.code).toBe(3);
      expect(again.stderr).toContain("waiting for approval of write_file (call_write), shell (call_echo)");
      expect(server.requests).toHaveLength(1); // no model request while calls wait
    } finally {
      await server.close();
    }
  });

  it("--approve auto runs changes without asking; allow patterns let matching calls through under never", async () => {
    const { dir } = await workspace();
    const server = await startMockServer([writeHello(), [text("ok")], writeHello(), [text("ok")]]);
    try {
      const common = ["--base-url", server.url, "--model", "m", "-w", dir, "--tools", "fs,shell"];
      const auto = await runCli(["run", ...common, "--approve", "auto", "Write"], { env: {} });
      expect(auto.code).toBe(0);
      expect(await readFile(join(dir, "hello.txt"), "utf8")).toBe("Hello from openloop\n");

      const allowed = await runCli(
        [
          // Patterns take every argument after them: the task goes first.
          "run",
          ...common,
          "Write again",
          "--approve",
          "never",
          "--allow-write",
          "*.txt",
          "--allow-shell",
          "echo *",
        ],
        { env: {} },
      );
      expect(allowed.code).toBe(0);
      expect(allowed.stdout).not.toContain("needs approval");
    } finally {
      await server.close();
    }
  });

  it("refuses a path outside the workspace: the model is told, nothing is written", async () => {
    const { dir } = await workspace();
    const server = await startMockServer([
      [functionCall("write_file", { path: "../escape.txt", content: "x" })],
      [text("I could not write outside the workspace.")],
    ]);
    try {
      const run = await runCli(
        [
          "run",
          "--base-url",
          server.url,
          "--model",
          "m",
          "-w",
          dir,
          "--tools",
          "fs",
          "--approve",
          "auto",
          "Escape",
        ],
        {
          env: {},
        },
      );
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/✗ write_file: .*outside the workspace/);
      expect(existsSync(join(dir, "..", "escape.txt"))).toBe(false);
    } finally {
      await server.close();
    }
  });
});
