import { Agent, RunError, runStream } from "@openloop/core";
import { failMidStream, ScriptedModel } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { FakeTTY } from "../../test/support/terminal.js";
import { eventToJSON, JsonlRenderer } from "./jsonl.js";

describe("JSONL output", () => {
  it("keeps a failed run's error: name, code, message, its partial result, and the cause", async () => {
    const stream = runStream(
      new Agent({ name: "j", model: new ScriptedModel([failMidStream(2, { message: "upstream crashed" })]) }),
      "Hi",
    );
    const out = new FakeTTY();
    const renderer = new JsonlRenderer(out, new FakeTTY());
    for await (const event of stream) renderer.event(event);
    await stream.result.catch((error: unknown) => expect(error).toBeInstanceOf(RunError));
    const lines = out.text.trimEnd().split("\n");
    const last = JSON.parse(lines.at(-1)!);
    expect(last).toMatchObject({
      type: "run.failed",
      error: {
        name: "RunError",
        code: "model_failed",
        message: "upstream crashed",
        result: { status: "failed", turns: 0 },
      },
    });
    expect(lines.every((line) => typeof JSON.parse(line).type === "string")).toBe(true);
  });

  it("serializes an error's cause as an object with its message", () => {
    const json = eventToJSON({
      type: "error",
      error: new Error("outer", { cause: new Error("inner") }),
    } as never);
    expect(JSON.parse(json)).toEqual({
      type: "error",
      error: { name: "Error", message: "outer", cause: { name: "Error", message: "inner" } },
    });
  });

  it("writes notices to stderr, never stdout", () => {
    const out = new FakeTTY();
    const err = new FakeTTY();
    new JsonlRenderer(out, err).notice("State saved to /tmp/s.json");
    expect(out.text).toBe("");
    expect(err.text).toBe("State saved to /tmp/s.json\n");
  });
});
