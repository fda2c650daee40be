import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { functionCall, startMockServer, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { FakeTTY } from "../../../test/support/terminal.js";
import { EXIT } from "../../exit-codes.js";
import { runCommand } from "./run.js";

/** stdin that says it is a terminal, and a stderr that types the next answer whenever asked. */
function terminal(answers: string[]) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const stderr = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        if (String(chunk).includes("Allow it?")) {
          const answer = answers.shift();
          if (answer !== undefined) setImmediate(() => stdin.write(`${answer}\n`));
        }
        done();
      },
    }),
    { isTTY: false },
  );
  return { stdin, stderr };
}

describe("openloop run --approve prompt on a terminal", () => {
  it("asks about each waiting call and carries on in the same process", async () => {
    const dir = await mkdtemp(join(tmpdir(), "openloop-prompt-"));
    const server = await startMockServer([
      [
        functionCall("write_file", { path: "keep.txt", content: "yes" }, { callId: "call_keep" }),
        functionCall("write_file", { path: "skip.txt", content: "no" }, { callId: "call_skip" }),
      ],
      [text("Wrote keep.txt, skipped skip.txt.")],
    ]);
    try {
      const stdout = Object.assign(new FakeTTY(), { isTTY: false });
      const { stdin, stderr } = terminal(["y", "n"]);
      const code = await runCommand(
        ["Write two files"],
        { baseUrl: server.url, model: "m", workspace: dir, tools: "fs", approve: "prompt" },
        { stdout, stderr, stdin, env: {}, cwd: dir },
      );
      expect(code).toBe(EXIT.done);
      expect(await readFile(join(dir, "keep.txt"), "utf8")).toBe("yes");
      expect(existsSync(join(dir, "skip.txt"))).toBe(false);
      expect(stdout.text).toContain("⊘ write_file not run (rejected)");
      expect(stdout.text).toContain("Wrote keep.txt, skipped skip.txt.");
      expect(existsSync(join(dir, ".openloop"))).toBe(false); // nothing saved: the run finished
    } finally {
      await server.close();
    }
  });

  it("q stops asking: the run stops with exit 3 and its state saved", async () => {
    const dir = await mkdtemp(join(tmpdir(), "openloop-prompt-"));
    const server = await startMockServer([[functionCall("write_file", { path: "a.txt", content: "a" })]]);
    try {
      const stdout = Object.assign(new FakeTTY(), { isTTY: false });
      const { stdin, stderr } = terminal(["q"]);
      const state = join(dir, "state.json");
      const code = await runCommand(
        ["Write"],
        { baseUrl: server.url, model: "m", workspace: dir, tools: "fs", stateFile: state },
        { stdout, stderr, stdin, env: {}, cwd: dir },
      );
      expect(code).toBe(EXIT.approval);
      expect(JSON.parse(await readFile(state, "utf8")).pending).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
