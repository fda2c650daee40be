/**
 * Runs the example as a user would (a new Node process, its model from environment variables)
 * against `startMockServer`, on a real workspace in a temporary folder.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { functionCall, startMockServer, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const main = fileURLToPath(new URL("./index.ts", import.meta.url));
const root = fileURLToPath(new URL("../../", import.meta.url));

async function project(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "openloop-coder-"));
  await mkdir(join(dir, "src"));
  await writeFile(join(dir, "src", "math.mjs"), "export const add = (a, b) => a - b;\n");
  return dir;
}

const script = () => [
  [functionCall("grep", { pattern: "const add", include: "*.mjs" })],
  [functionCall("read_file", { path: "src/math.mjs" })],
  [functionCall("edit_file", { path: "src/math.mjs", old_text: "a - b", new_text: "a + b" })],
  // Not on the allow list: a person must approve it.
  [
    functionCall("shell", {
      command: `node -e "import('./src/math.mjs').then((m) => console.log(m.add(2, 3)))"`,
    }),
  ],
  [text("Fixed add(): it returned a - b. add(2, 3) is 5 now.")],
];

function start(url: string, args: string[]) {
  return exec(process.execPath, ["--conditions=source", "--import", "tsx", main, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", OPENLOOP_BASE_URL: url, OPENLOOP_MODEL: "test-model" },
  });
}

describe("examples/coding-agent", () => {
  it("edits under src/ without asking, runs the held shell command once --yes approves it", async () => {
    const dir = await project();
    const server = await startMockServer(script());
    try {
      const { stdout } = await start(server.url, [dir, "add() subtracts. Fix it.", "--yes"]);
      expect(await readFile(join(dir, "src", "math.mjs"), "utf8")).toBe(
        "export const add = (a, b) => a + b;\n",
      );
      expect(stdout).toContain("  approved shell");
      expect(stdout).not.toContain("approved edit_file"); // src/** is allowed: never asked
      expect(stdout).toContain("Fixed add(): it returned a - b. add(2, 3) is 5 now.");
      const shellOutput = (
        server.requests[4]?.body?.input as { type: string; output?: string }[] | undefined
      )?.at(-1);
      expect(shellOutput).toMatchObject({ type: "function_call_output", output: "5\n[Exit code 0]" });
    } finally {
      await server.close();
    }
  });

  it("refuses the held command when nobody approves it, and the model is told why", async () => {
    const dir = await project();
    const server = await startMockServer(script());
    try {
      const { stdout } = await start(server.url, [dir, "add() subtracts. Fix it."]);
      expect(stdout).toContain("  refused shell");
      const shellOutput = (
        server.requests[4]?.body?.input as { type: string; output?: string }[] | undefined
      )?.at(-1);
      expect(shellOutput?.output).toBe("Not approved: do it another way, or explain what you need.");
    } finally {
      await server.close();
    }
  });
});
