/**
 * Regression: the loop waited for the model's stream to end after an abort. A model that breaks
 * its contract and never ends (a hand-written adapter stuck on a socket) hung the run past its
 * time budget, its caller's signal, and a stream consumer's `break`.
 */
import type { CreateResponseBody, StreamEvent } from "@openloop/protocol";
import { describe, expect, it } from "vitest";
import { Agent } from "../agent/agent.js";
import { RunError } from "../errors/run-error.js";
import type { Model } from "../model/model.js";
import { run } from "../run/run.js";
import { runStream } from "../run/run-stream.js";

/** Sends `response.created`, then waits forever, whatever its signal says. */
class DeafModel implements Model {
  readonly requests: CreateResponseBody[] = [];
  started: () => void = () => undefined;
  async *stream(request: CreateResponseBody): AsyncIterable<StreamEvent> {
    this.requests.push(request);
    yield {
      type: "response.created",
      sequence_number: 0,
      response: { id: "resp_deaf", object: "response", status: "in_progress", output: [] },
    } as unknown as StreamEvent;
    this.started();
    await new Promise(() => undefined);
  }
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable("the run should fail"),
    (error: unknown) => {
      expect(error).toBeInstanceOf(RunError);
      return error as RunError;
    },
  );

describe("a model that ignores the abort", () => {
  it("cannot hold a run past its time budget", async () => {
    const error = await failure(run(new Agent({ name: "a", model: new DeafModel(), timeoutMs: 20 }), "hi"));
    expect(error.code).toBe("budget_exceeded");
    expect(error.result.responses[0]?.id).toBe("resp_deaf");
  });

  it("cannot hold a run past its caller's signal", async () => {
    const model = new DeafModel();
    const controller = new AbortController();
    model.started = () => controller.abort(new Error("stop"));
    const error = await failure(run(new Agent({ name: "b", model }), "hi", { signal: controller.signal }));
    expect(error.code).toBe("aborted");
    expect(error.result.status).toBe("aborted");
  });

  it("cannot hold a stream whose consumer breaks out", async () => {
    const stream = runStream(new Agent({ name: "c", model: new DeafModel() }), "hi");
    for await (const event of stream) if (event.type === "response.created") break;
    const error = await failure(stream.result);
    expect(error.code).toBe("aborted");
  });
});
