import { OpenloopError } from "@openloop/protocol";
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, resolveLimits, resolveSandboxOptions } from "./options.js";

function configError(fn: () => unknown): OpenloopError {
  try {
    fn();
  } catch (err) {
    if (OpenloopError.is(err, "invalid_config")) return err;
    throw err;
  }
  throw new Error("expected an invalid_config error");
}

describe("resolveSandboxOptions", () => {
  it("fills the documented defaults", () => {
    const o = resolveSandboxOptions();
    expect(o.limits).toEqual({
      timeoutMs: 5000,
      memoryMb: 64,
      maxOutputChars: 65536,
      maxResultChars: 32768,
      maxCodeBytes: 262144,
      maxToolCalls: 100,
      maxToolArgsChars: 262144,
      maxToolResultChars: 262144,
    });
    expect(o.maxWorkerRssMb).toBe(256 + 8 * 64);
    expect(o.workers).toBeGreaterThanOrEqual(2);
  });

  it("rejects a bad value with one message template naming the option", () => {
    const err = configError(() => resolveSandboxOptions({ workers: 0 }));
    expect(err.message).toBe("Expected `workers` to be an integer from 1 and up, got `0` (number)");
    expect(err.param).toBe("workers");
  });

  it("caps the timeout at 30 seconds", () => {
    const err = configError(() => resolveSandboxOptions({ limits: { timeoutMs: 30_001 } }));
    expect(err.message).toContain("`limits.timeoutMs` to be an integer from 1 to 30000");
    expect(resolveSandboxOptions({ limits: { timeoutMs: 30_000 } }).limits.timeoutMs).toBe(30_000);
  });

  it("rejects tools that are not tools, and duplicate names", () => {
    expect(configError(() => resolveSandboxOptions({ tools: [{ name: "x" } as never] })).param).toBe(
      "tools[0]",
    );
    const t = {
      name: "dup",
      description: "",
      timeoutMs: undefined,
      parseArguments: () => ({ success: true as const, data: {} }),
      execute: () => "",
    };
    expect(configError(() => resolveSandboxOptions({ tools: [t, t] })).param).toBe("tools[1].name");
  });

  it("rejects a memory limit below isolated-vm's minimum of 8 MB", () => {
    expect(configError(() => resolveSandboxOptions({ limits: { memoryMb: 4 } })).param).toBe(
      "limits.memoryMb",
    );
  });
});

describe("resolveLimits", () => {
  it("overrides only what is given", () => {
    expect(resolveLimits(DEFAULT_LIMITS, { maxToolCalls: 3 }, "limits")).toEqual({
      ...DEFAULT_LIMITS,
      maxToolCalls: 3,
    });
  });
});
