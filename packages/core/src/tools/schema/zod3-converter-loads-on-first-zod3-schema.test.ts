/**
 * Importing `@openloop/core` does not load zod 3 or `zod-to-json-schema` (import cost: most users
 * never pass a zod 3 schema); the first zod 3 schema loads them, and converts as before.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("../../../../../", import.meta.url));
const core = new URL("../../index.ts", import.meta.url).href;

// A load hook that reports every zod 3 / zod-to-json-schema module as it loads, ES module or CommonJS.
const hooks = `export async function load(url, context, next) {
  if (url.includes("zod-to-json-schema") || url.includes("/zod/v3/")) process.stderr.write("loaded " + url + "\\n");
  return next(url, context);
}`;

// zod-to-json-schema loads through require(), which Node 20's hooks do not see: its cache does.
const script = `
import { createRequire, register } from "node:module";
const required = () => Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes("zod-to-json-schema")).length;
register("data:text/javascript," + encodeURIComponent(${JSON.stringify(hooks)}));
const { tool } = await import(${JSON.stringify(core)});
process.stderr.write("imported " + required() + "\\n");
const { z } = await import("zod/v3");
const lookup = tool({ name: "lookup", description: "Looks up a city.", parameters: z.object({ city: z.string() }), execute: () => "ok" });
process.stdout.write(JSON.stringify({ required: required(), parameters: lookup.parameters }));
`;

describe("the zod 3 converter", () => {
  it("loads on the first zod 3 schema, not with @openloop/core", async () => {
    const { stdout, stderr } = await exec(
      process.execPath,
      ["--conditions=source", "--import", "tsx", "--input-type=module", "-e", script],
      { cwd: root },
    );
    const [before] = stderr.split("imported 0\n");
    expect(stderr).toContain("imported 0\n");
    expect(before).not.toContain("loaded ");
    const after = JSON.parse(stdout);
    expect(after.required).toBeGreaterThan(0);
    expect(after.parameters).toMatchObject({
      type: "object",
      properties: { city: { type: "string" } },
      required: ["city"],
    });
  }, 30_000);
});
