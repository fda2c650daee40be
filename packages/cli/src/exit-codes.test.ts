import { Agent, OpenloopError, RunError, run } from "@openloop/core";
import { functionCall, ScriptedModel, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { EXIT, exitCodeFor } from "./exit-codes.js";

describe("exitCodeFor", () => {
  it("maps a completed run to 0 and a run waiting for approval to 3", async () => {
    const done = await run(new Agent({ name: "a", model: new ScriptedModel([[text("ok")]]) }), "hi");
    expect(exitCodeFor(done)).toBe(EXIT.done);
  });

  it("maps budget and loop stops to 4, other run failures to 1, usage errors to 2", async () => {
    const stuck = new ScriptedModel(Array.from({ length: 3 }, () => [functionCall("nope", {})]));
    const error = await run(new Agent({ name: "b", model: stuck, maxTurns: 1 }), "hi").catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RunError);
    expect((error as RunError).code).toBe("max_turns_exceeded");
    expect(exitCodeFor(error)).toBe(EXIT.stopped);
    expect(
      exitCodeFor(new RunError(new OpenloopError("loop_detected", "x"), (error as RunError).result)),
    ).toBe(4);
    expect(
      exitCodeFor(new RunError(new OpenloopError("budget_exceeded", "x"), (error as RunError).result)),
    ).toBe(4);
    expect(
      exitCodeFor(new RunError(new OpenloopError("model_http_error", "x"), (error as RunError).result)),
    ).toBe(1);
    expect(exitCodeFor(new OpenloopError("invalid_config", "bad flag"))).toBe(EXIT.usage);
    expect(exitCodeFor(new Error("anything else"))).toBe(EXIT.failed);
  });
});
