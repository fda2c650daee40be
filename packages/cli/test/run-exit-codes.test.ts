/**
 * Exit codes of `openloop run`, each produced by a real child process against a real HTTP server:
 * 0 done, 1 failed, 2 usage error, 4 stopped by a budget or loop detection (3, approval, is in
 * run-approval.test.ts).
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { functionCall, httpError, startMockServer, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { parseLines, runCli } from "./support/cli.js";

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("openloop run exit codes", () => {
  it("exits 0 and writes the final answer to --output", async () => {
    const dir = await mkdtemp(join(tmpdir(), "openloop-cli-"));
    const server = await startMockServer([[text("All done: the answer is 42.")]]);
    try {
      const output = join(dir, "answer.txt");
      const run = await runCli(
        ["run", "--base-url", server.url, "--model", "m", "--tools", "none", "-o", output, "Answer"],
        {
          env: {},
        },
      );
      expect(run.code).toBe(0);
      expect(await readFile(output, "utf8")).toBe("All done: the answer is 42.");
      expect(run.stdout).toContain("All done: the answer is 42.");
      expect(run.stdout).toContain(`Final answer written to ${output}.`);
    } finally {
      await server.close();
    }
  });

  it("exits 1 when the model server fails, saying why on stderr, and writes no --output", async () => {
    const dir = await mkdtemp(join(tmpdir(), "openloop-cli-"));
    const server = await startMockServer([
      httpError(400, {
        error: {
          type: "invalid_request_error",
          code: null,
          message: "Model m does not exist.",
          param: "model",
        },
      }),
    ]);
    try {
      const output = join(dir, "answer.txt");
      const run = await runCli(
        ["run", "--base-url", server.url, "--model", "m", "--tools", "none", "-o", output, "Hi"],
        {
          env: {},
        },
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("Failed (model_http_error)");
      expect(run.stderr).toContain("Model m does not exist.");
      expect(existsSync(output)).toBe(false);
    } finally {
      await server.close();
    }
  });

  it.each([
    [["run", "--bogus", "x"], /unknown option '--bogus'/],
    [["run", "--approve", "sometimes", "x"], /--approve.*sometimes.*never, auto, prompt/s],
    [
      ["run", "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--max-turns", "0", "x"],
      /--max-turns must be a whole number from 1 up/,
    ],
    [
      ["run", "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--tools", "laser", "x"],
      /Unknown tool set "laser"/,
    ],
    [
      ["run", "--base-url", "http://127.0.0.1:9/v1", "x"],
      /--base-url is set but no model: pass --model NAME or set OPENLOOP_MODEL/,
    ],
    [
      ["run", "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--wire", "smoke-signals", "x"],
      /Unknown --wire "smoke-signals"/,
    ],
    [["run"], /Missing the task/],
    [
      ["run", "--resume", "/nonexistent/state.json"],
      /Cannot read --resume \/nonexistent\/state.json: ENOENT/,
    ],
    [["frobnicate"], /unknown command 'frobnicate'/],
  ])("exits 2 for a usage error: openloop %j", async (args, message) => {
    const run = await runCli(args, { env: {} });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
  });

  it("exits 2 when no model server answers, saying exactly which flags and variables to set", async () => {
    const port = await closedPort();
    // OLLAMA_HOST points the same probe the default address gets at a port where nothing listens.
    const run = await runCli(["run", "Hello"], { env: { OLLAMA_HOST: `127.0.0.1:${port}` } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Nothing answers at http://127.0.0.1:${port}/v1`);
    for (const what of [
      "--base-url URL --model NAME",
      "OPENLOOP_BASE_URL + OPENLOOP_MODEL",
      "OPENAI_API_KEY",
      "ANTHROPIC_API_KEY",
      "openloop demo",
    ])
      expect(run.stderr).toContain(what);
  });

  it("exits 4 when --max-turns runs out, saves the state, and --resume with more turns finishes without re-running a tool", async () => {
    const dir = await mkdtemp(join(tmpdir(), "openloop-cli-"));
    const server = await startMockServer([
      [functionCall("run_javascript", { code: "globalThis.n = 1; 'step 1'" })],
      [functionCall("run_javascript", { code: "'step 2'" })],
      [functionCall("run_javascript", { code: "'step 3'" })],
      [text("Three steps done.")],
    ]);
    try {
      const state = join(dir, "state.json");
      const common = ["--base-url", server.url, "--model", "m", "--tools", "code"];
      const stopped = await runCli(
        ["run", ...common, "--max-turns", "2", "--state-file", state, "Do three steps"],
        {
          env: {},
        },
      );
      expect(stopped.code).toBe(4);
      expect(stopped.stderr).toContain("Stopped (max_turns_exceeded)");
      expect(stopped.stderr).toContain(`State saved to ${state}`);
      expect(stopped.stderr).toContain(`openloop run --resume ${state} --max-turns 22`);
      const saved = JSON.parse(await readFile(state, "utf8"));
      expect(saved).toMatchObject({
        kind: "openloop.run",
        version: 1,
        task: "Do three steps",
        provider: { model: "m" },
      });

      const resumed = await runCli(["run", "--resume", state, "--max-turns", "5", "--json"], { env: {} });
      expect(resumed.code).toBe(0);
      const events = parseLines(resumed.stdout);
      expect(events[0]).toMatchObject({ type: "run.started", resumed: true });
      expect(
        events.filter((e) => e.type === "tool_call.completed").map((e) => JSON.stringify(e.output)),
      ).toEqual([expect.stringContaining("step 3")]);
      expect(events.at(-1)).toMatchObject({
        type: "run.completed",
        result: { finalOutput: "Three steps done." },
      });
      expect(server.requests).toHaveLength(4);
    } finally {
      await server.close();
    }
  });

  it("exits 4 when --max-tokens or --timeout runs out, saying which budget", async () => {
    const dir = await mkdtemp(join(tmpdir(), "openloop-cli-"));
    const server = await startMockServer([
      {
        output: [functionCall("run_javascript", { code: "1" })],
        usage: { input_tokens: 400, output_tokens: 200 },
      },
      {
        output: [functionCall("run_javascript", { code: "2" })],
        usage: { input_tokens: 700, output_tokens: 200 },
      },
      [functionCall("shell", { command: "sleep 30" })],
      [text("never reached")],
    ]);
    try {
      const common = ["--base-url", server.url, "--model", "m", "--state-file", join(dir, "s.json")];
      const tokens = await runCli(["run", ...common, "--tools", "code", "--max-tokens", "1000", "Count"], {
        env: {},
      });
      expect(tokens.code).toBe(4);
      expect(tokens.stderr).toContain("Stopped (budget_exceeded)");
      expect(tokens.stderr).toContain("The run used 1500 tokens, reaching maxTokens (1000)");
      // Budgets carry over into a resumed run: the advice is a larger one.
      expect(tokens.stderr).toContain(`openloop run --resume ${join(dir, "s.json")} --max-tokens 2000`);

      const time = await runCli(
        ["run", ...common, "-w", dir, "--tools", "shell", "--approve", "auto", "--timeout", "1", "Wait"],
        { env: {} },
      );
      expect(time.code).toBe(4);
      expect(time.stderr).toContain("Stopped (budget_exceeded): The run exceeded its time budget");
      expect(time.stderr).toContain(`openloop run --resume ${join(dir, "s.json")} --timeout 2`);
    } finally {
      await server.close();
    }
  });

  it("exits 4 when loop detection trips", async () => {
    const dir = await mkdtemp(join(tmpdir(), "openloop-cli-"));
    const same = [functionCall("run_javascript", { code: "1 + 1" })];
    const server = await startMockServer([same, same, same, same]);
    try {
      const run = await runCli(
        [
          "run",
          "--base-url",
          server.url,
          "--model",
          "m",
          "--tools",
          "code",
          "--state-file",
          join(dir, "s.json"),
          "Loop",
        ],
        { env: {} },
      );
      expect(run.code).toBe(4);
      expect(run.stderr).toContain("Stopped (loop_detected)");
    } finally {
      await server.close();
    }
  });
});
