import { tool } from "@openloop/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type SandboxTool, ToolDispatcher } from "./dispatcher.js";

const limits = { maxToolCalls: 3, maxToolArgsChars: 100, maxToolResultChars: 50 };
const add = tool({
  name: "add",
  description: "The add test tool.",
  parameters: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => ({ sum: a + b }),
});
const echo = tool({
  name: "echo",
  description: "The echo test tool.",
  parameters: z.object({ text: z.string() }),
  execute: ({ text }) => text,
});

function dispatcher(
  tools: readonly SandboxTool[] = [add, echo],
  opts: Partial<ConstructorParameters<typeof ToolDispatcher>[2]> = {},
) {
  return new ToolDispatcher(tools, limits, { callIdPrefix: "call_1", ...opts });
}

describe("ToolDispatcher", () => {
  it("validates arguments with the tool's schema and returns JSON text", async () => {
    expect(await dispatcher().call("add", '{"a":1,"b":2}')).toEqual({ kind: "j", payload: '{"sum":3}' });
  });

  it("returns a string result as a string, not JSON", async () => {
    expect(await dispatcher().call("echo", '{"text":"hi"}')).toEqual({ kind: "s", payload: "hi" });
  });

  it("answers wrong argument types with the schema's message", async () => {
    const answer = await dispatcher().call("add", '{"a":"1","b":2}');
    expect(answer.kind).toBe("e");
    expect(answer.payload).toMatch(/^tools\.add: invalid arguments: .*expected number/s);
  });

  it("answers an unknown name with the list of tools", async () => {
    expect(await dispatcher().call("rm", "{}")).toEqual({
      kind: "e",
      payload: "Unknown tool `rm`. Available tools: add, echo.",
    });
  });

  it("refuses arguments over the size limit without parsing them", async () => {
    const answer = await dispatcher().call("echo", JSON.stringify({ text: "x".repeat(200) }));
    expect(answer.payload).toBe("tools.echo: arguments are 211 characters of JSON; the limit is 100.");
  });

  it("refuses results over the size limit", async () => {
    const answer = await dispatcher().call("echo", JSON.stringify({ text: "y".repeat(60) }));
    expect(answer).toEqual({ kind: "e", payload: "tools.echo returned 60 characters; the limit is 50." });
  });

  it("counts every call and refuses past the limit", async () => {
    const d = dispatcher();
    for (let i = 0; i < 3; i++) expect((await d.call("add", '{"a":1,"b":1}')).kind).toBe("j");
    expect(await d.call("add", '{"a":1,"b":1}')).toEqual({
      kind: "e",
      payload: "Tool call limit reached: at most 3 calls per run.",
    });
    expect(d.calls).toBe(4);
  });

  it("reports a tool's exception as name and message, without the host stack", async () => {
    const boom = tool({
      name: "boom",
      description: "The boom test tool.",
      parameters: z.object({}),
      execute: () => {
        throw new RangeError("secret path /home/x");
      },
    });
    const answer = await dispatcher([boom]).call("boom", "{}");
    expect(answer).toEqual({ kind: "e", payload: "tools.boom failed: RangeError: secret path /home/x" });
    expect(answer.payload).not.toContain("at ");
  });

  it("times out a tool that ignores its signal", async () => {
    const hang = tool({
      name: "hang",
      description: "The hang test tool.",
      parameters: z.object({}),
      timeoutMs: 20,
      execute: () => new Promise<string>(() => {}),
    });
    expect(await dispatcher([hang]).call("hang", "{}")).toEqual({
      kind: "e",
      payload: "tools.hang timed out after 20 ms.",
    });
  });

  it("aborts calls in flight and refuses new ones once closed", async () => {
    let seen: AbortSignal | undefined;
    const wait = tool({
      name: "wait",
      description: "The wait test tool.",
      parameters: z.object({}),
      execute: (_args, ctx) => {
        seen = ctx.signal;
        return new Promise<string>(() => {});
      },
    });
    const d = dispatcher([wait]);
    const pending = d.call("wait", "{}");
    await Promise.resolve();
    d.close();
    expect((await pending).kind).toBe("e");
    expect(seen?.aborted).toBe(true);
    expect(await d.call("wait", "{}")).toEqual({ kind: "e", payload: "The run has ended." });
  });

  it("hands tools the run context and a call id under the caller's prefix", async () => {
    let ctxSeen: { callId: string; runContext: unknown } | undefined;
    const who = tool({
      name: "who",
      description: "The who test tool.",
      parameters: z.object({}),
      execute: (_a, ctx) => {
        ctxSeen = { callId: ctx.callId, runContext: ctx.runContext };
        return "ok";
      },
    });
    await dispatcher([who], { runContext: { user: "ada" } }).call("who", "{}");
    expect(ctxSeen).toEqual({ callId: "call_1/who#1", runContext: { user: "ada" } });
  });
  it("answers a tool that returns nothing with `undefined`", async () => {
    const quiet = tool({
      name: "quiet",
      description: "Returns nothing.",
      parameters: z.object({}),
      execute: () => {},
    });
    expect(await dispatcher([quiet]).call("quiet", "{}")).toEqual({ kind: "u", payload: "" });
  });

  it("refuses tools that need approval: code cannot pause for a human", async () => {
    let ran = false;
    const drop = tool({
      name: "drop_table",
      description: "Drops a table.",
      parameters: z.object({ table: z.string() }),
      needsApproval: (args) => args.table !== "scratch",
      execute: () => {
        ran = true;
        return "dropped";
      },
    });
    expect(await dispatcher([drop]).call("drop_table", '{"table":"users"}')).toEqual({
      kind: "e",
      payload:
        "tools.drop_table needs a human's approval, which code cannot ask for: call it directly instead.",
    });
    expect(ran).toBe(false);
    expect(await dispatcher([drop]).call("drop_table", '{"table":"scratch"}')).toEqual({
      kind: "s",
      payload: "dropped",
    });
  });

  it("answers a tool that throws something unprintable (regression: the call rejected, the host saw an unhandled rejection)", async () => {
    const nullProto = tool({
      name: "null_proto",
      description: "Throws an object String() cannot convert.",
      parameters: z.object({}),
      execute: () => {
        throw Object.create(null);
      },
    });
    const trap = tool({
      name: "trap",
      description: "Throws an error whose message getter throws.",
      parameters: z.object({}),
      execute: () => {
        const err = new Error("unused");
        Object.defineProperty(err, "message", {
          get() {
            throw new Error("getter");
          },
        });
        throw err;
      },
    });
    const d = dispatcher([nullProto, trap]);
    expect(await d.call("null_proto", "{}")).toEqual({
      kind: "e",
      payload: "tools.null_proto failed: (an error that cannot be shown)",
    });
    expect(await d.call("trap", "{}")).toEqual({
      kind: "e",
      payload: "tools.trap failed: (an error that cannot be shown)",
    });
  });
});
