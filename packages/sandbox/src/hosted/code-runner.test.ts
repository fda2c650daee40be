import { type ToolContext, tool } from "@openloop/core";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { RunResult } from "../sandbox/result.js";
import { Sandbox } from "../sandbox/sandbox.js";
import { codeRunner } from "./code-runner.js";
import { containerIdOf, toCodeInterpreterItem } from "./item.js";
import { renderForModel } from "./render.js";

const weather = tool({
  name: "get_weather",
  description: "Current temperature in a city, in °C.",
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, celsius: city === "Oslo" ? -3 : 21 }),
});
const sandbox = new Sandbox({ workers: 2, tools: [weather] });
afterAll(() => sandbox.close());

/** A finished run's result, as data (the mapping below depends on `status` alone). */
const okResult: RunResult = {
  status: "ok",
  stdout: "",
  stderr: "",
  result: null,
  error: null,
  truncated: { stdout: false, stderr: false, result: false },
  stats: { queuedMs: 0, cpuMs: 0, heapBytes: 0, toolCalls: 0, workerPid: 1 },
  durationMs: 1,
};

function ctx<T>(runContext: T, callId = "call_1"): ToolContext<T> {
  return { signal: new AbortController().signal, callId, runContext };
}

describe("codeRunner: the tool the loop sees", () => {
  const runner = codeRunner({ sandbox });

  it("is a strict function tool with a `{ code }` schema", () => {
    expect(runner).toMatchObject({
      type: "function",
      name: "run_javascript",
      strict: true,
      needsApproval: false,
    });
    expect(runner.parameters).toEqual({
      type: "object",
      properties: { code: { type: "string", description: expect.any(String) } },
      required: ["code"],
      additionalProperties: false,
    });
  });

  it("describes the language, the limits and the tools available in code", () => {
    expect(runner.description).toContain("Run JavaScript");
    expect(runner.description).toContain(
      "Limits per call: 5 s wall-clock, 64 MB of memory, 64 KiB of output.",
    );
    expect(runner.description).toContain(
      "- await tools.get_weather(args): Current temperature in a city, in °C.",
    );
    expect(runner.description).toContain("Each call starts from a clean state.");
  });

  it("validates its arguments", async () => {
    expect(await runner.parseArguments({ code: "1" })).toEqual({ success: true, data: { code: "1" } });
    const wrong = await runner.parseArguments({ code: 1 });
    expect(wrong.success).toBe(false);
    expect(!wrong.success && wrong.error).toMatch(/code/);
    expect((await runner.parseArguments("1+1")).success).toBe(false);
  });

  it("answers with stdout, then the result, then the error", async () => {
    const out = await runner.execute(
      {
        code: "const w = await tools.get_weather({ city: 'Oslo' });\nconsole.log('fetched', w.city);\nw.celsius",
      },
      ctx(undefined),
    );
    expect(out).toBe("stdout:\nfetched Oslo\n\nresult: -3");
    const failed = await runner.execute({ code: "console.log('partial');\nundefinedThing" }, ctx(undefined));
    expect(failed).toBe(
      "stdout:\npartial\n\nerror: ReferenceError: undefinedThing is not defined\n    at cell-1.js:2:1",
    );
  });

  it("tells the model when a run timed out", async () => {
    const quick = codeRunner({ sandbox, timeoutMs: 100 });
    expect(await quick.execute({ code: "while (true) {}" }, ctx(undefined))).toBe(
      "error: TimeoutError: Execution exceeded the 100 ms time limit.",
    );
  });
});

describe("codeRunner: sessions", () => {
  it("keeps state per conversation when `session` picks one from the run context", async () => {
    const runner = codeRunner<{ conversation: string }>({
      sandbox,
      session: (c) => c.runContext.conversation,
    });
    expect(runner.description).toContain("State persists between calls");
    await runner.execute({ code: "const total = 40" }, ctx({ conversation: "a" }));
    expect(await runner.execute({ code: "total + 2" }, ctx({ conversation: "a" }))).toBe("result: 42");
    expect(await runner.execute({ code: "typeof total" }, ctx({ conversation: "b" }))).toBe(
      "result: 'undefined'",
    );
  });

  it("tells the model its earlier state is gone after a crash", async () => {
    const runner = codeRunner({
      sandbox: new Sandbox({ workers: 1, limits: { memoryMb: 16 } }),
      session: "s",
    });
    try {
      await runner.execute({ code: "const kept = 1" }, ctx(undefined));
      const crash = await runner.execute({ code: "const a = []; for (;;) a.push({})" }, ctx(undefined));
      expect(crash).toContain("error: MemoryLimitError");
      expect(crash).toContain("note: this failure discarded the session's state");
      const next = await runner.execute({ code: "typeof kept" }, ctx(undefined));
      expect(next).toBe(
        "note: the session's earlier state is gone (an earlier call ran out of memory); variables, functions and classes from earlier calls no longer exist.\n\nresult: 'undefined'",
      );
    } finally {
      await runner.sandbox.close();
    }
  });
});

describe("codeRunner: hosted tool representation", () => {
  it("invoke() returns the model's text, the result and a code_interpreter_call-style item", async () => {
    const runner = codeRunner({ sandbox });
    const outcome = await runner.hosted.invoke(
      { code: "console.log('hi'); 6 * 7" },
      ctx(undefined, "call_9"),
    );
    expect(outcome.output).toBe("stdout:\nhi\n\nresult: 42");
    expect(outcome.result.status).toBe("ok");
    expect(outcome.item).toEqual({
      type: "openloop:code_interpreter_call",
      id: "ci_call_9",
      status: "completed",
      code: "console.log('hi'); 6 * 7",
      container_id: containerIdOf("ci_call_9"),
      outputs: [{ type: "logs", logs: "stdout:\nhi\n\nresult: 42" }],
    });
  });

  it("can present OpenAI's item type, and an in-flight item", () => {
    const runner = codeRunner({ sandbox, itemType: "code_interpreter_call" });
    expect(runner.hosted.toItem({ id: "ci_1", code: "1" })).toEqual({
      type: "code_interpreter_call",
      id: "ci_1",
      status: "interpreting",
      code: "1",
      container_id: containerIdOf("ci_1"),
      outputs: null,
    });
  });

  it("gives each sessionless call a container id of its own, the same in its in-flight and finished item", async () => {
    const runner = codeRunner({ sandbox });
    const first = await runner.hosted.invoke({ code: "1" }, ctx(undefined, "call_a"));
    const second = await runner.hosted.invoke({ code: "2" }, ctx(undefined, "call_b"));
    expect(first.item.container_id).toMatch(/^cntr_[0-9a-f]{32}$/);
    expect(second.item.container_id).toMatch(/^cntr_[0-9a-f]{32}$/);
    expect(first.item.container_id).not.toBe(second.item.container_id);
    expect(runner.hosted.toItem({ id: "ci_call_a", code: "1" }).container_id).toBe(first.item.container_id);
    expect(
      runner.hosted.toItem({ id: "ci_call_a", code: "1", ctx: ctx(undefined, "call_a") }).container_id,
    ).toBe(first.item.container_id);
  });

  it("names a session run's container by its session in the in-flight item as in the finished one", async () => {
    const perConversation = codeRunner<{ conversation: string }>({
      sandbox,
      session: (c) => c.runContext.conversation,
    });
    const call = ctx({ conversation: "conv_b" }, "call_s");
    const inFlight = perConversation.hosted.toItem({ id: "ci_call_s", code: "1", ctx: call });
    const done = await perConversation.hosted.invoke({ code: "1" }, call);
    expect(inFlight.container_id).toBe("conv_b");
    expect(done.item.container_id).toBe("conv_b");
    // A fixed session name needs no ctx.
    expect(
      codeRunner({ sandbox, session: "shared" }).hosted.toItem({ id: "ci_x", code: "1" }).container_id,
    ).toBe("shared");
    // A session function that throws: the in-flight item still gets the call's own id.
    const broken = codeRunner<undefined>({
      sandbox,
      session: () => {
        throw new Error("no conversation");
      },
    });
    expect(broken.hosted.toItem({ id: "ci_y", code: "1", ctx: ctx(undefined, "y") }).container_id).toBe(
      containerIdOf("ci_y"),
    );
  });

  it("names a call's session before it runs (sessionOf), and a session run's item carries it as container_id", async () => {
    const perConversation = codeRunner<{ conversation: string }>({
      sandbox,
      session: (c) => c.runContext.conversation,
    });
    expect(perConversation.hosted.sessionOf(ctx({ conversation: "conv_a" }))).toBe("conv_a");
    const outcome = await perConversation.hosted.invoke({ code: "1" }, ctx({ conversation: "conv_a" }));
    expect(outcome.item.container_id).toBe("conv_a");
    expect(codeRunner({ sandbox, session: "shared" }).hosted.sessionOf(ctx(undefined))).toBe("shared");
    expect(codeRunner({ sandbox }).hosted.sessionOf(ctx(undefined))).toBeUndefined();
  });

  it("maps run statuses to item statuses", async () => {
    const status = async (code: string, timeoutMs?: number) =>
      toCodeInterpreterItem({
        id: "x",
        code,
        result: await sandbox.run(code, timeoutMs === undefined ? {} : { timeoutMs }),
      }).status;
    expect(await status("1")).toBe("completed");
    expect(await status("throw new Error('x')")).toBe("completed"); // the code ran; its exception is output
    expect(await status("while (true) {}", 100)).toBe("incomplete");
    const ended = (result: Partial<RunResult>) =>
      toCodeInterpreterItem({ id: "x", code: "", result: { ...okResult, ...result } }).status;
    expect(ended({ status: "oom" })).toBe("incomplete");
    expect(ended({ status: "aborted" })).toBe("incomplete");
    expect(ended({ status: "crashed" })).toBe("failed");
  });
});

describe("codeRunner: lifecycle", () => {
  it("owns and closes the sandbox it makes, but not one it was given", async () => {
    const own = codeRunner({ sandboxOptions: { workers: 1 } });
    expect(await own.execute({ code: "1 + 1" }, ctx(undefined))).toBe("result: 2");
    await own.close();
    await expect(own.sandbox.run("1")).rejects.toThrow("closed");
    const borrowed = codeRunner({ sandbox });
    await borrowed.close();
    expect((await sandbox.run("1")).status).toBe("ok");
  });

  it("rejects bad options when it is made, naming them as the user wrote them", () => {
    expect(() => codeRunner({ sandbox, timeoutMs: 60_000 })).toThrow(
      "Expected `timeoutMs` to be an integer from 1 to 30000, got `60000` (number)",
    );
    expect(() => codeRunner({ sandbox, itemType: "interpreter" as never })).toThrow(
      'Expected `itemType` to be "openloop:code_interpreter_call" or "code_interpreter_call", got `interpreter` (string)',
    );
  });

  it("renders an empty run plainly", async () => {
    expect(renderForModel(await sandbox.run("let nothing"))).toBe(
      "(no output; the last expression's value was undefined)",
    );
  });
});
