/**
 * Runs the example as a user would (a new Node process, its upstream from environment variables)
 * with `startMockServer` as the upstream model: the server, the sandbox and the openai SDK are real.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { functionCall, startMockServer, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const main = fileURLToPath(new URL("./index.ts", import.meta.url));
const root = fileURLToPath(new URL("../../", import.meta.url));

describe("examples/server-with-openai-sdk", () => {
  it("streams a hosted code interpreter call to the SDK, then continues the stored conversation", async () => {
    const upstream = await startMockServer([
      [
        functionCall("run_javascript", {
          code: "let sum = 0;\nfor (let n = 1; n <= 10; n++) sum += n * n;\nsum",
        }),
      ],
      { output: [text("The sum of the squares of 1 to 10 is 385.")], chunkSize: 6 },
      [text("The sum of the cubes of 1 to 10 is 3025.")],
    ]);
    try {
      const { stdout } = await exec(process.execPath, ["--conditions=source", "--import", "tsx", main], {
        cwd: root,
        env: { PATH: process.env.PATH ?? "", OPENLOOP_BASE_URL: upstream.url, OPENLOOP_MODEL: "test-model" },
      });
      expect(stdout).toMatch(/^openloop server on http:\/\/127\.0\.0\.1:\d+\/v1, in front of test-model/);
      expect(stdout).toContain(
        "for (let n = 1; n <= 10; n++) sum += n * n;\nsum\n  (running in the sandbox)",
      );
      expect(stdout).toContain("  → result: 385");
      expect(stdout).toContain("The sum of the squares of 1 to 10 is 385.");
      expect(stdout).toMatch(/\[resp_\w+: code_interpreter_call, message\]/);
      expect(stdout).toContain("The sum of the cubes of 1 to 10 is 3025.");
      // The upstream saw the whole conversation on the follow-up: the server kept it.
      const followUp = JSON.stringify(upstream.requests[2]?.body?.input);
      expect(followUp).toContain("result: 385");
      expect(followUp).toContain("And the sum of the cubes?");
    } finally {
      await upstream.close();
    }
  });
});
