/** One AbortSignal reaches the model request and every running tool; completed results are kept. */
import { functionCall, ScriptedModel, stall, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import { RunError } from "../errors/run-error.js";
import { run } from "../run/run.js";
import { tool } from "../tools/index.js";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("cancellation", () => {
  it("aborting during a model request ends the run aborted, with the earlier tool results", async () => {
    const controller = new AbortController();
    const ping = tool({
      name: "ping",
      description: "Ping",
      parameters: z.object({}),
      execute: () => {
        // Abort once the next request is under way.
        setImmediate(() => controller.abort(new Error("user pressed stop")));
        return "pong";
      },
    });
    const model = new ScriptedModel([[functionCall("ping", {})], stall(2)]);
    const error = (await run(new Agent({ name: "c", model, tools: [ping] }), "go", {
      signal: controller.signal,
    }).catch((e: unknown) => e)) as RunError;
    expect(error).toBeInstanceOf(RunError);
    expect(error.code).toBe("aborted");
    expect(error.result.status).toBe("aborted");
    expect((error.cause as Error).message).toBe("user pressed stop");
    expect(error.result.items.map((item) => item.type)).toEqual(["function_call", "function_call_output"]);
  });

  it("aborting during tools aborts every running tool, keeps the finished ones, and a resume runs only the rest", async () => {
    const controller = new AbortController();
    const fastDone = deferred();
    const seen: string[] = [];
    const fast = tool({
      name: "fast",
      description: "Fast",
      parameters: z.object({}),
      execute: () => {
        seen.push("fast");
        fastDone.resolve();
        return "fast result";
      },
    });
    const slow = tool({
      name: "slow",
      description: "Slow",
      parameters: z.object({}),
      execute: (_args, { signal }) => {
        seen.push("slow started");
        return new Promise((resolve, reject) => {
          signal.addEventListener("abort", () => {
            seen.push(`slow saw abort: ${(signal.reason as Error).message}`);
            reject(signal.reason);
          });
          if (seen.includes("resumed")) resolve("slow result");
        });
      },
    });
    const model = new ScriptedModel([
      [functionCall("fast", {}), functionCall("slow", {})],
      [text("both done")],
    ]);
    const agent = new Agent({ name: "c", model, tools: [fast, slow] });
    const running = run(agent, "go", { signal: controller.signal });
    await fastDone.promise;
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort(new Error("stop"));
    const error = (await running.catch((e: unknown) => e)) as RunError;
    expect(error.code).toBe("aborted");
    expect(seen).toEqual(["fast", "slow started", "slow saw abort: stop"]);
    // The finished call's result is kept; the cut-off call has none.
    expect(error.result.items).toMatchObject([
      { type: "function_call", name: "fast" },
      { type: "function_call", name: "slow" },
      { type: "function_call_output", call_id: "call_0_0", output: "fast result" },
    ]);
    seen.push("resumed");
    const resumed = await run(agent, error.result.state);
    expect(resumed.finalOutput).toBe("both done");
    expect(seen.filter((s) => s === "fast")).toHaveLength(1);
    expect(model.requests[1]?.input).toContainEqual({
      type: "function_call_output",
      call_id: "call_0_1",
      output: "slow result",
    });
  });

  it("an already-aborted signal never reaches the model", async () => {
    const model = new ScriptedModel([[text("never")]]);
    const error = (await run(new Agent({ name: "c", model }), "go", { signal: AbortSignal.abort() }).catch(
      (e: unknown) => e,
    )) as RunError;
    expect(error.code).toBe("aborted");
    expect(model.requests).toHaveLength(0);
  });

  it("leaves no abort listener behind on the caller's signal", async () => {
    const controller = new AbortController();
    let added = 0;
    let removed = 0;
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...args: Parameters<typeof add>) => {
      added++;
      return add(...args);
    }) as typeof signal.addEventListener;
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      removed++;
      return remove(...args);
    }) as typeof signal.removeEventListener;
    const model = new ScriptedModel(Array.from({ length: 20 }, () => [text("hi")]));
    const agent = new Agent({ name: "c", model });
    for (let i = 0; i < 20; i++) await run(agent, "hi", { signal });
    expect(added).toBe(20);
    expect(removed).toBe(20);
  });
});
