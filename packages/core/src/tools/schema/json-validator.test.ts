/**
 * Plain JSON Schemas validated with ajv: loaded only when such a schema is compiled, one schema's
 * `$id` never colliding with another's.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { compileJsonValidator } from "./json-validator.js";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("../../../../../", import.meta.url));
const core = fileURLToPath(new URL("../../index.ts", import.meta.url));

// Imports core, defines a zod tool, then a JSON Schema tool, saying whether ajv was loaded at each step.
const probe = `
import { createRequire } from "node:module";
const { cache } = createRequire(import.meta.url);
const ajvLoaded = () => Object.keys(cache).some((file) => /[\\\\/]ajv[\\\\/]dist[\\\\/]/.test(file));
const { tool } = await import(${JSON.stringify(core)});
const { z } = await import("zod");
const steps = [];
tool({ name: "a", description: "zod", parameters: z.object({ q: z.string() }), execute: () => "" });
steps.push(ajvLoaded());
tool({ name: "b", description: "json", parameters: { type: "object", properties: {} }, execute: () => "" });
steps.push(ajvLoaded());
console.log(JSON.stringify(steps));
`;

describe("JSON Schema validation", () => {
  it("loads ajv only once a plain JSON Schema is compiled (zod-only programs never pay for it)", async () => {
    const { stdout } = await exec(
      process.execPath,
      ["--conditions=source", "--import", "tsx", "--input-type=module", "-e", probe],
      { cwd: root },
    );
    expect(JSON.parse(stdout.trim().split("\n").pop()!)).toEqual([false, true]);
  });

  it("compiles schemas that declare the same $id side by side, each validating by its own rules", () => {
    const id = "https://example.com/schemas/args";
    const text = compileJsonValidator({ $id: id, type: "object", properties: { q: { type: "string" } } });
    const count = compileJsonValidator({ $id: id, type: "object", properties: { q: { type: "integer" } } });
    expect(text({ q: "x" })).toBeUndefined();
    expect(count({ q: "x" })).toBe("- at q: must be integer");
  });

  it("names nested paths, missing and unknown properties, and lists each problem once", () => {
    const validate = compileJsonValidator({
      type: "object",
      properties: {
        items: {
          type: "array",
          items: {
            type: "object",
            properties: { "sku/id": { type: "string" } },
            required: ["sku/id"],
            additionalProperties: false,
          },
        },
      },
    });
    expect(validate({ items: [{ "sku/id": "a" }, { extra: 1 }] })).toBe(
      [
        '- at items[1]["sku/id"]: required property is missing',
        "- at items[1].extra: unknown property (not in the schema)",
      ].join("\n"),
    );
  });
});
