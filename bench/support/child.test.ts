import { describe, expect, test } from "vitest";
import { besides, runJson } from "./child.js";

describe("bench children", () => {
  test("load @openloop/* from source and every other package as published", async () => {
    const where = await runJson<{ protocol: string; esp: string }>(
      besides(import.meta.url, "./testdata/resolve.ts"),
    );
    expect(where.protocol).toMatch(/packages\/protocol\/src\/index\.ts$/);
    // eventsource-parser has a `source` condition too: a global --conditions=source would pick its TypeScript.
    expect(where.esp).toMatch(/eventsource-parser\/dist\/index\.js$/);
  });
});
