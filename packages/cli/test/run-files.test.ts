/**
 * The files `openloop run` writes (`--output`, `--state-file`) and reads (`--workspace`), as child
 * processes against a real HTTP server: a bad path is a usage error before any model call, and a
 * write that fails at the end is one clear line and exit 1, never a stack trace.
 */
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { functionCall, startMockServer, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/cli.js";

describe("openloop run's file flags", () => {
  it("refuses a bad --output, --state-file or --workspace with exit 2 before asking the model anything", async () => {
    const dir = await mkdtemp(join(tmpdir(), "openloop-files-"));
    await writeFile(join(dir, "a-file"), "");
    const server = await startMockServer([[text("never asked")]]);
    try {
      const common = ["run", "--base-url", server.url, "--model", "m", "--tools", "none"];
      for (const [flags, message] of [
        [["-o", dir], `--output ${dir} is a directory: give the path of a file to write.`],
        [
          ["-o", join(dir, "a-file", "answer.txt")],
          `--output ${join(dir, "a-file", "answer.txt")}: its directory ${join(dir, "a-file")} cannot be created`,
        ],
        [
          ["--state-file", join(dir, "a-file", "s.json")],
          `--state-file ${join(dir, "a-file", "s.json")}: its directory`,
        ],
        [
          ["--tools", "read", "-w", join(dir, "missing")],
          `The workspace ${join(dir, "missing")} is not an existing directory: pass --workspace DIR`,
        ],
      ] as const) {
        const run = await runCli([...common, ...flags, "Hi"], { env: {} });
        expect(run.code).toBe(2);
        expect(run.stderr).toContain(message);
        expect(run.stderr).not.toContain("    at ");
      }
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it("creates the missing directories of --output", async () => {
    const dir = await mkdtemp(join(tmpdir(), "openloop-files-"));
    const server = await startMockServer([[text("Done.")]]);
    try {
      const output = join(dir, "out", "deep", "answer.txt");
      const run = await runCli(
        ["run", "--base-url", server.url, "--model", "m", "--tools", "none", "-o", output, "Hi"],
        {
          env: {},
        },
      );
      expect(run.code).toBe(0);
      expect(await readFile(output, "utf8")).toBe("Done.");
    } finally {
      await server.close();
    }
  });

  it("says clearly, and exits 1, when --output cannot be written once the run is done", async () => {
    const dir = await mkdtemp(join(tmpdir(), "openloop-files-"));
    const output = join(dir, "answer.txt");
    // The model makes a directory where the answer should go, after the check at the start.
    const server = await startMockServer([
      [functionCall("shell", { command: "mkdir answer.txt" })],
      [text("The answer.")],
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
          "shell",
          "--approve",
          "auto",
          "-o",
          output,
          "Hi",
        ],
        { env: {} },
      );
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("The answer.");
      expect(run.stderr).toBe(
        `The run is done, but its final answer could not be written to ${output} (EISDIR: illegal operation on a directory).\n`,
      );
    } finally {
      await server.close();
    }
  });

  it("says clearly, and exits 1, when the state of a stopped run cannot be saved", async () => {
    const dir = await mkdtemp(join(tmpdir(), "openloop-files-"));
    const state = join(dir, "state.json");
    await mkdir(join(dir, "ws"));
    const server = await startMockServer([
      [functionCall("shell", { command: `mkdir ${state}` })],
      [functionCall("write_file", { path: "x.txt", content: "x" })],
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
          join(dir, "ws"),
          "--state-file",
          state,
          "Hi",
          "--approve",
          "never",
          "--allow-shell",
          "mkdir *",
        ],
        { env: {} },
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`but its state could not be saved to ${state} (EISDIR`);
      expect(run.stderr).not.toContain("    at ");
    } finally {
      await server.close();
    }
  });
});
