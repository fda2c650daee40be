import { OpenloopError } from "@openloop/protocol";
import { codeRunner } from "@openloop/sandbox";
import { ScriptedModel } from "@openloop/testing";
import { describe, expect, test } from "vitest";
import { createServer } from "./app.js";
import { MemoryStore } from "./store/memory.js";

const routing = { models: { m: new ScriptedModel([]) } };

/** The error `createServer` throws for `extra` (as a JavaScript caller or a JSON config could pass it). */
function refused(extra: Record<string, unknown>): OpenloopError {
  try {
    createServer({ routing, store: "memory", ...extra } as never);
  } catch (error) {
    expect(error).toBeInstanceOf(OpenloopError);
    return error as OpenloopError;
  }
  throw new Error(`accepted ${JSON.stringify(extra)}`);
}

describe("createServer checks its options up front", () => {
  test.each([
    [
      { store: "postgres" },
      "store",
      /Expected `store` to be "sqlite", "memory", false or a ResponseStore.*"postgres"` \(string\)/,
    ],
    [{ store: { get() {} } }, "store", /ResponseStore/],
    [{ apiKeys: "sk-1" }, "apiKeys", /Expected `apiKeys` to be an array of strings, got `"sk-1"` \(string\)/],
    [{ apiKeys: ["sk-1", ""] }, "apiKeys", /apiKeys\[1\] must be a non-empty string/],
    [{ dataDir: 5 }, "dataDir", /a directory path/],
    [{ codeRunner: true }, "codeRunner", /false or a codeRunner\(\)/],
    [{ modelFactory: "adapters" }, "modelFactory", /a function/],
    [{ log: "stderr" }, "log", /false or a function/],
    [{ hostedTools: "sometimes" }, "hostedTools", /"on-request" or "always"/],
    [{ reasoningEvents: "anthropic" }, "reasoningEvents", /"spec" or "openai"/],
    [{ extensions: "yes" }, "extensions", /a boolean/],
    [{ websocket: 1 }, "websocket", /a boolean/],
    [{ maxTurns: 1.5 }, "maxTurns", /an integer from 1 up, got `1.5` \(number\)/],
    [{ maxConcurrent: 0 }, "maxConcurrent", /an integer from 1 up/],
    [{ maxBodyBytes: "1mb" }, "maxBodyBytes", /an integer from 1 up/],
    [{ retryAfterSeconds: -1 }, "retryAfterSeconds", /an integer from 0 up/],
    [{ runTimeoutMs: 0 }, "runTimeoutMs", /a number above 0/],
    [{ drainTimeoutMs: Number.NaN }, "drainTimeoutMs", /a number above 0/],
  ])("%j is invalid_config naming %s", (extra, param, message) => {
    const error = refused(extra);
    expect(error.code).toBe("invalid_config");
    expect(error.param).toBe(param);
    expect(error.message).toMatch(message);
  });

  test("the documented kinds of every option are accepted", async () => {
    const runner = codeRunner();
    const server = createServer({
      routing,
      store: new MemoryStore(),
      apiKeys: ["sk-1"],
      codeRunner: runner,
      modelFactory: () => new ScriptedModel([]),
      log: false,
      hostedTools: "always",
      reasoningEvents: "openai",
      extensions: true,
      websocket: false,
      maxTurns: 3,
      maxConcurrent: Number.POSITIVE_INFINITY,
      maxBodyBytes: 1024,
      retryAfterSeconds: 0,
      runTimeoutMs: 1000,
      drainTimeoutMs: 10,
      websocketMaxAgeMs: 1000,
    });
    await server.close();
    await runner.close();
  });
});
