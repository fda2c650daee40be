/**
 * Runs the example as a user would (a new Node process, its model from environment variables)
 * against `startMockServer` on 127.0.0.1.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startMockServer, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const main = fileURLToPath(new URL("./index.ts", import.meta.url));
const root = fileURLToPath(new URL("../../", import.meta.url));

function start(url: string, request: string) {
  return exec(process.execPath, ["--conditions=source", "--import", "tsx", main, request], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", OPENLOOP_BASE_URL: url, OPENLOOP_MODEL: "test-model" },
  });
}

const recipe = {
  title: "Chickpea curry",
  servings: 4,
  vegetarian: true,
  ingredients: [
    { item: "chickpeas", quantity: "2 cans" },
    { item: "coconut milk", quantity: "400 ml" },
  ],
  steps: ["Fry the spices.", "Add everything and simmer 20 minutes."],
  tip: null,
};

describe("examples/typed-output", () => {
  it("prints partial progress, then the typed recipe", async () => {
    const server = await startMockServer([{ output: [text(JSON.stringify(recipe))], chunkSize: 12 }]);
    try {
      const { stdout } = await start(server.url, "A quick vegetarian curry for 4");
      expect(stdout).toContain("… Chickpea curry: 1 ingredients, 0 steps");
      expect(stdout).toContain("Chickpea curry (serves 4, vegetarian)");
      expect(stdout).toContain("  - 400 ml coconut milk\n");
      expect(stdout).toContain("  2. Add everything and simmer 20 minutes.\n");
      expect(stdout).not.toContain("Tip:");
      const format = server.requests[0]?.body?.text?.format as {
        type: string;
        name: string;
        strict: boolean;
      };
      expect(format).toMatchObject({ type: "json_schema", name: "recipe", strict: true });
    } finally {
      await server.close();
    }
  });

  it("asks again after an invalid reply, then fails with the raw text", async () => {
    const server = await startMockServer([[text("Sorry, no JSON today.")], [text('{"title":"Curry"}')]]);
    try {
      const error = (await start(server.url, "Curry").catch((e: unknown) => e)) as {
        code: number;
        stdout: string;
        stderr: string;
      };
      expect(error.code).toBe(1);
      expect(error.stdout).toContain("(asking again)");
      expect(error.stderr).toContain("The run failed (output_validation_error)");
      expect(error.stderr).toContain('The model\'s last reply was: {"title":"Curry"}');
    } finally {
      await server.close();
    }
  });
});
