/**
 * Regression: `openloop ... | head -1` crashed with an unhandled EPIPE once the reader went away
 * (Node emits the failed write as an 'error' event on process.stdout). A reader leaving must not
 * crash the command or cut the run short: it goes on to its end, `--output` is still written, and
 * the exit code still says how the run ended.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { functionCall, startMockServer, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { spawnCli } from "./support/cli.js";

/** Runs `openloop ...args`, closes its stdout after the first line, and waits for the exit. */
function readFirstLineThenClose(
  args: string[],
): Promise<{ code: number | null; first: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args);
    let first = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      if (first.includes("\n")) return;
      first += chunk;
      // The reader goes away, as `head -1` does: the next write gets EPIPE.
      if (first.includes("\n")) child.stdout.destroy();
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, first: first.split("\n")[0]!, stderr }));
    child.stdin.end();
  });
}

describe("a reader that goes away early (| head)", () => {
  it.each([[["demo"]], [["demo", "--json"]]])("does not crash openloop %j", async (args) => {
    const run = await readFirstLineThenClose(args);
    expect(run.first).not.toBe("");
    expect(run.stderr).not.toMatch(/EPIPE|Unhandled 'error' event/);
    expect(run.code).toBe(0);
  });

  it("lets the run finish: tools run, --output is written, the exit code is the run's", async () => {
    const dir = await mkdtemp(join(tmpdir(), "openloop-pipe-"));
    const server = await startMockServer([
      [functionCall("run_javascript", { code: "6 * 7" })],
      { output: [text("The answer is 42.")], chunkSize: 2 },
    ]);
    try {
      const output = join(dir, "answer.txt");
      const run = await readFirstLineThenClose([
        "run",
        "--json",
        "--base-url",
        server.url,
        "--model",
        "m",
        "--tools",
        "code",
        "-o",
        output,
        "What is 6 * 7?",
      ]);
      expect(JSON.parse(run.first)).toMatchObject({ type: "run.started" });
      expect(run.stderr).not.toMatch(/EPIPE|Unhandled 'error' event/);
      expect(run.code).toBe(0);
      expect(await readFile(output, "utf8")).toBe("The answer is 42.");
      expect(JSON.stringify(server.requests[1]?.body?.input)).toContain("42");
    } finally {
      await server.close();
    }
  });
});
