/**
 * Runs the example as a user would, with OLLAMA_HOST pointing at `startMockServer` on 127.0.0.1
 * (the mock speaks Open Responses on /v1/responses, as Ollama does).
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { functionCall, reasoning, startMockServer, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const main = fileURLToPath(new URL("./index.ts", import.meta.url));
const root = fileURLToPath(new URL("../../", import.meta.url));

function start(env: Record<string, string>) {
  return exec(process.execPath, ["--conditions=source", "--import", "tsx", main], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", OPENLOOP_MODEL: "qwen3", ...env },
  });
}

describe("examples/ollama-local", () => {
  it("checks the model answers on /v1/responses, then streams reasoning, a tool call and the answer", async () => {
    const server = await startMockServer([
      [text("ready")],
      {
        output: [
          reasoning({ summary: "Two dice, six sides." }),
          functionCall("roll_dice", { count: 2, sides: 6 }),
        ],
        chunkSize: 5,
      },
      [text("You rolled 4 and 5: 9 in total.")],
    ]);
    try {
      const host = new URL(server.url).host; // OLLAMA_HOST is host:port, as Ollama reads it
      const { stdout } = await start({ OLLAMA_HOST: host });
      expect(stdout).toContain('✓ qwen3 answers on /v1/responses: "ready"');
      expect(stdout).toContain("thinking: Two dice, six sides.\n");
      expect(stdout).toMatch(/→ roll_dice\(\{"count":2,"sides":6\}\)\n← "\[[1-6],[1-6]\]"/);
      expect(stdout).toContain("You rolled 4 and 5: 9 in total.");
      // The check is a non-streaming request; the run streams, asks for reasoning, replays statelessly.
      expect(server.requests[0]?.body).toMatchObject({ model: "qwen3", stream: false });
      expect(server.requests[1]?.body).toMatchObject({
        stream: true,
        store: false,
        reasoning: { effort: "low", summary: "auto" },
      });
    } finally {
      await server.close();
    }
  });

  it("says clearly when nothing answers on /v1/responses, and exits 1", async () => {
    const server = await startMockServer([]);
    try {
      // A base URL whose /responses is not served: the mock answers 404, as an old Ollama would.
      const error = (await start({ OLLAMA_BASE_URL: `${server.url}/old` }).catch((e: unknown) => e)) as {
        code: number;
        stderr: string;
      };
      expect(error.code).toBe(1);
      expect(error.stderr).toContain("qwen3 does not answer on");
      expect(error.stderr).toContain("is Ollama recent enough to serve /v1/responses?");
    } finally {
      await server.close();
    }
  });
});
