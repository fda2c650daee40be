/**
 * Runs the example as a user would (a new Node process, its model from environment variables)
 * against `startMockServer` on 127.0.0.1; the code really runs in the sandbox.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { functionCall, startMockServer, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const main = fileURLToPath(new URL("./index.ts", import.meta.url));
const root = fileURLToPath(new URL("../../", import.meta.url));

describe("examples/code-interpreter", () => {
  it("runs model-written code in the sandbox, calling a tool from inside it, and keeps variables between runs", async () => {
    const server = await startMockServer([
      [
        functionCall("run_javascript", {
          code: "const order = { apple: 3, kiwi: 2 };\nlet total = 0;\nfor (const [item, n] of Object.entries(order)) total += n * (await tools.get_price({ item })).cents;\ntotal",
        }),
      ],
      [functionCall("run_javascript", { code: "(total / 100).toFixed(2) + ' EUR'" })],
      [text("3 apples and 2 kiwis cost 1.95 EUR.")],
    ]);
    try {
      const { stdout } = await exec(process.execPath, ["--conditions=source", "--import", "tsx", main], {
        cwd: root,
        env: { PATH: process.env.PATH ?? "", OPENLOOP_BASE_URL: server.url, OPENLOOP_MODEL: "test-model" },
      });
      expect(stdout).toContain("  │ const order = { apple: 3, kiwi: 2 };");
      expect(stdout).toContain("  └ result: 195");
      // The second run sees `total` from the first: one notebook session.
      expect(stdout).toContain("  └ result: '1.95 EUR'");
      expect(stdout).toContain("3 apples and 2 kiwis cost 1.95 EUR.");
      expect(stdout).toContain("(3 turns)");
      const tools = server.requests[0]?.body?.tools as { name: string; description: string }[];
      expect(tools.map((t) => t.name)).toEqual(["run_javascript"]);
      expect(tools[0]?.description).toContain("get_price");
      expect(JSON.stringify(server.requests[1]?.body?.input)).toContain("result: 195");
    } finally {
      await server.close();
    }
  });
});
