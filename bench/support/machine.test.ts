import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { machineAtStart, packageVersion, versions } from "./machine.js";

const benchDir = fileURLToPath(new URL("..", import.meta.url));

describe("what a run records about itself", () => {
  test("the installed version of every peer and library under test, none missing", () => {
    const recorded = versions(benchDir);
    for (const name of [
      "@openai/agents",
      "openai (used by @openai/agents)",
      "ai",
      "@ai-sdk/openai",
      "eventsource-parser",
      "tinybench",
      "zod",
      "isolated-vm",
    ])
      expect(recorded[name], name).toMatch(/^\d+\.\d+\.\d+/);
    expect(recorded.node).toBe(process.version);
    // The peers run on Node 20: @openai/agents < 0.15 (its openai 7 needs Node 22), ai 6.
    expect(recorded["@openai/agents"]).toMatch(/^0\.14\./);
    expect(recorded.ai).toMatch(/^6\./);
    expect(packageVersion("no-such-package", benchDir)).toBe("missing");
  });

  test("the machine: cores, memory, Node and the load when it started", () => {
    const machine = machineAtStart();
    expect(machine.cores).toBeGreaterThan(0);
    expect(machine.node).toBe(process.version);
    expect(machine.loadAtStart).toHaveLength(3);
    expect(Number.isNaN(Date.parse(machine.startedAt))).toBe(false);
  });
});
