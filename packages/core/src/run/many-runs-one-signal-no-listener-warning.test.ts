/**
 * Regression: each run added its own listener to its caller's AbortSignal, so one app-wide signal
 * shared by 11+ concurrent runs made Node print "MaxListenersExceededWarning: Possible EventTarget
 * memory leak detected". Runs sharing a signal now share one listener.
 */
import { getEventListeners } from "node:events";
import { functionCall, ScriptedModel, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import { RunError } from "../errors/run-error.js";
import { tool } from "../tools/index.js";
import { run } from "./run.js";

const RUNS = 30;

describe("many runs sharing one AbortSignal", () => {
  it("hold one listener on it, emit no MaxListenersExceededWarning, and are all aborted by it", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on("warning", onWarning);
    try {
      let waiting = 0;
      let allWaiting!: () => void;
      const everyoneWaits = new Promise<void>((resolve) => {
        allWaiting = resolve;
      });
      const wait = tool({
        name: "wait",
        description: "Waits until cancelled",
        parameters: z.object({}),
        execute: (_args, { signal }) => {
          if (++waiting === RUNS) allWaiting();
          return new Promise((_resolve, reject) =>
            signal.addEventListener("abort", () => reject(signal.reason)),
          );
        },
      });
      const controller = new AbortController();
      const runs = Array.from({ length: RUNS }, (_, i) =>
        run(
          new Agent({ name: `r${i}`, model: new ScriptedModel([[functionCall("wait", {})]]), tools: [wait] }),
          "go",
          { signal: controller.signal },
        ).catch((error: unknown) => error),
      );
      await everyoneWaits;
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
      controller.abort(new Error("shutting down"));
      const errors = await Promise.all(runs);
      expect(errors.every((e) => e instanceof RunError && e.code === "aborted")).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);

      // Runs that end on their own take the shared listener with them once the last one is done.
      const calm = new AbortController();
      const done = await Promise.all(
        Array.from({ length: RUNS }, () =>
          run(new Agent({ name: "c", model: new ScriptedModel([[text("hi")]]) }), "hi", {
            signal: calm.signal,
          }),
        ),
      );
      expect(done.every((r) => r.status === "completed")).toBe(true);
      expect(getEventListeners(calm.signal, "abort")).toHaveLength(0);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
