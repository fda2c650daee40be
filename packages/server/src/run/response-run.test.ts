import type { Model } from "@openloop/core";
import type { CreateResponseBody, ResponseResource } from "@openloop/protocol";
import { codeRunner } from "@openloop/sandbox";
import { functionCall, ScriptedModel, text } from "@openloop/testing";
import { afterAll, describe, expect, test } from "vitest";
import { streamProblems } from "../../test/support/spec.js";
import type { ServerRunContext } from "../hosted/code-interpreter.js";
import { ResponseRun, type RunDeps } from "./response-run.js";

const runner = codeRunner<ServerRunContext>();
afterAll(() => runner.close());

const deps: RunDeps = { codeRunner: runner, hostedAlways: false, maxTurns: 10, timeoutMs: undefined };
const CODE = { type: "code_interpreter" } as unknown as NonNullable<CreateResponseBody["tools"]>[number];
const fn = (name: string) => ({
  type: "function" as const,
  name,
  parameters: { type: "object", properties: {} },
});

/** Runs one request to its end; returns the events sent, the final response, and the run. */
async function respond(
  model: Model,
  body: CreateResponseBody,
  options: { extensions?: boolean; deps?: Partial<RunDeps> } = {},
) {
  const events: Record<string, unknown>[] = [];
  const run = ResponseRun.start(
    { ...deps, ...options.deps },
    {
      body,
      route: { name: "m", target: "m", model },
      chain: undefined,
      extensions: options.extensions ?? false,
      sink: (event) => events.push(event as unknown as Record<string, unknown>),
      signal: new AbortController().signal,
    },
  );
  const response = (await run.complete()) as ResponseResource;
  return { events, response, run, types: response.output.map((item) => item.type) };
}

describe("tool_choice, enforced server-side", () => {
  test('"required": an answer without a call is retried and never shown; the client sees the call', async () => {
    const model = new ScriptedModel([[text("I will not use tools.")], [functionCall("lookup", { q: "x" })]]);
    const { events, response, types } = await respond(model, {
      input: "Find x",
      tools: [fn("lookup")],
      tool_choice: "required",
    });
    expect(types).toEqual(["function_call"]);
    expect(JSON.stringify(events)).not.toContain("I will not use tools.");
    expect(streamProblems(events)).toEqual([]);
    expect(response.tool_choice).toBe("required");
    // The model was told to call a tool before its second try.
    expect(model.requests).toHaveLength(2);
  });

  test("allowed_tools is a hard constraint: a call outside it is not run and not shown", async () => {
    const model = new ScriptedModel([
      [functionCall("send_email", { to: "a@b.c" }), functionCall("lookup", { q: "sales" })],
    ]);
    const { response, types, run } = await respond(model, {
      input: "Sales, then email",
      tools: [fn("lookup"), fn("send_email")],
      tool_choice: { type: "allowed_tools", tools: [{ type: "function", name: "lookup" }] },
    });
    expect(types).toEqual(["function_call"]);
    expect(response.output[0]).toMatchObject({ name: "lookup" });
    // Server-side, the refused call was answered, so the conversation stays valid for the model.
    const kept = run.record!.items as { type: string; call_id?: string; output?: unknown }[];
    expect(kept.map((i) => i.type)).toEqual(["function_call", "function_call", "function_call_output"]);
    expect(String(kept[2]!.output)).toMatch(/send_email/);
  });

  test("allowed_tools without the hosted code runner: its call is refused, the model answers instead", async () => {
    const model = new ScriptedModel([
      [functionCall("run_javascript", { code: "1" })],
      [text("Without code: 1.")],
    ]);
    const { types, response, events } = await respond(
      model,
      {
        input: "1?",
        tools: [CODE, fn("lookup")],
        tool_choice: { type: "allowed_tools", tools: [{ type: "function", name: "lookup" }] },
      },
      { extensions: true },
    );
    expect(types).toEqual(["message"]);
    expect(response.output[0]).toMatchObject({ content: [{ text: "Without code: 1." }] });
    expect(events.find((e) => e.type === "openloop:tool_call.rejected")).toMatchObject({
      name: "run_javascript",
      by: "tool_choice",
    });
  });

  test('"none": a call the model makes anyway is not run and not shown', async () => {
    const model = new ScriptedModel([[functionCall("lookup", {})], [text("Answer without tools.")]]);
    const { types } = await respond(model, { input: "Hi", tools: [fn("lookup")], tool_choice: "none" });
    expect(types).toEqual(["message"]);
  });

  test("a hosted tool's choice ({ type: code_interpreter }) forces the code runner", async () => {
    const model = new ScriptedModel([
      [text("No.")],
      [functionCall("run_javascript", { code: "2 + 2" })],
      [text("4")],
    ]);
    const { types, response } = await respond(model, {
      input: "2+2",
      tools: [CODE],
      tool_choice: { type: "code_interpreter" } as never,
    });
    expect(types).toEqual(["code_interpreter_call", "message"]);
    expect(response.tool_choice).toEqual({ type: "function", name: "run_javascript" });
  });
});

describe("container_id of hosted calls", () => {
  const itemEvents = (events: Record<string, unknown>[], type: string) =>
    events
      .filter((e) => e.type === type)
      .map((e) => e.item as { type: string; id: string; container_id?: string; status: string })
      .filter((item) => item.type === "code_interpreter_call");

  test("without sessions, each call has a container of its own, the same from output_item.added to .done", async () => {
    const model = new ScriptedModel([
      [functionCall("run_javascript", { code: "var x = 1" }), functionCall("run_javascript", { code: "2" })],
      [text("Done.")],
    ]);
    const { events, response } = await respond(model, { input: "Go", tools: [CODE] });
    const added = itemEvents(events, "response.output_item.added");
    const done = itemEvents(events, "response.output_item.done");
    expect(added).toHaveLength(2);
    // The calls run in parallel and may finish in either order: matched by item id.
    const doneContainer = new Map(done.map((i) => [i.id, i.container_id]));
    expect(added.map((i) => doneContainer.get(i.id))).toEqual(added.map((i) => i.container_id));
    const [a, b] = added.map((i) => i.container_id!);
    expect(a).toMatch(/^cntr_[0-9a-f]{32}$/);
    expect(b).toMatch(/^cntr_[0-9a-f]{32}$/);
    expect(a).not.toBe(b); // the first call's state did not outlive it: no shared container
    expect(response.output.slice(0, 2).map((i) => (i as { container_id?: string }).container_id)).toEqual([
      a,
      b,
    ]);
  });

  test("a runner with sessions names the session as the container, for calls that fail too", async () => {
    const sessioned = codeRunner<ServerRunContext>({
      session: (ctx) => `s-${ctx.runContext.conversationId}`,
    });
    try {
      const model = new ScriptedModel([
        [functionCall("run_javascript", { code: "1" }), functionCall("run_javascript", "{not json")],
        [text("Done.")],
      ]);
      const { events, response, run } = await respond(
        model,
        { input: "Go", tools: [CODE] },
        { deps: { codeRunner: sessioned } },
      );
      const done = itemEvents(events, "response.output_item.done");
      expect(done.map((i) => i.status).sort()).toEqual(["completed", "failed"]);
      for (const item of [...itemEvents(events, "response.output_item.added"), ...done]) {
        expect(item.container_id).toBe(`s-${run.id}`);
      }
      expect(response.output[0]).toMatchObject({ container_id: `s-${run.id}` });
    } finally {
      await sessioned.close();
    }
  });
  test("a runner whose session function throws: the call fails as an item (in a container of its own), the response goes on", async () => {
    const broken = codeRunner<ServerRunContext>({
      session: () => {
        throw new Error("no session store");
      },
    });
    try {
      const model = new ScriptedModel([
        [functionCall("run_javascript", { code: "1" })],
        [text("Could not run it.")],
      ]);
      const { response, types } = await respond(
        model,
        { input: "Go", tools: [CODE] },
        { deps: { codeRunner: broken } },
      );
      expect(response.status).toBe("completed");
      expect(types).toEqual(["code_interpreter_call", "message"]);
      expect(response.output[0]).toMatchObject({
        status: "failed",
        container_id: expect.stringMatching(/^cntr_/),
      });
    } finally {
      await broken.close();
    }
  });
});

describe("limits", () => {
  test("max_tool_calls: a response whose calls would go over it ends incomplete, none of them run", async () => {
    const model = new ScriptedModel([
      [functionCall("run_javascript", { code: "1" }), functionCall("run_javascript", { code: "2" })],
    ]);
    const { response, types } = await respond(model, { input: "Two runs", tools: [CODE], max_tool_calls: 1 });
    expect(response.status).toBe("incomplete");
    expect(response.incomplete_details).toEqual({ reason: "max_tool_calls" });
    expect(types).toEqual([]);
  });

  test("the server's maxTurns: a loop that does not end is incomplete with reason max_turns", async () => {
    const turn = [functionCall("run_javascript", { code: "Math.random()" })];
    const model = new ScriptedModel([turn, turn, turn]);
    const { response, types } = await respond(
      model,
      { input: "Loop", tools: [CODE] },
      { deps: { maxTurns: 2 } },
    );
    expect(response.status).toBe("incomplete");
    expect(response.incomplete_details).toEqual({ reason: "max_turns" });
    expect(types).toEqual(["code_interpreter_call", "code_interpreter_call"]);
  });

  test("a response the model left incomplete stays incomplete, with the model's reason", async () => {
    const model = new ScriptedModel([{ output: [text("Cut")], status: "incomplete" }]);
    const { response, events } = await respond(model, { input: "Long answer" });
    expect(response.status).toBe("incomplete");
    expect(response.incomplete_details).toEqual({ reason: "max_output_tokens" });
    expect(events.at(-1)?.type).toBe("response.incomplete");
    expect(streamProblems(events)).toEqual([]);
  });
});

describe("hosted and client calls in one turn", () => {
  test("the hosted call runs first; the response returns with it done and the client's call to answer", async () => {
    const model = new ScriptedModel([
      [functionCall("run_javascript", { code: "40 + 2" }), functionCall("save", { value: 42 })],
    ]);
    const { response, types, run, events } = await respond(model, {
      input: "Compute, save",
      tools: [CODE, fn("save")],
    });
    expect(response.status).toBe("completed");
    expect(types.sort()).toEqual(["code_interpreter_call", "function_call"]);
    expect(response.output.find((i) => i.type === "code_interpreter_call")).toMatchObject({
      status: "completed",
      outputs: [{ type: "logs", logs: "result: 42" }],
    });
    expect(streamProblems(events)).toEqual([]);
    // Kept for the next turn: both calls, and the hosted call's output (the client answers the other).
    const kept = run.record!.items.map((i) => i.type);
    expect(kept).toEqual(["function_call", "function_call", "function_call_output"]);
  });
});

describe("extensions", () => {
  test("opted in: the hosted item is openloop:code_interpreter_call, and openloop: events report the loop", async () => {
    const model = new ScriptedModel([[functionCall("run_javascript", { code: "'hi'" })], [text("Said hi.")]]);
    const { events, types } = await respond(model, { input: "Say hi", tools: [CODE] }, { extensions: true });
    expect(types).toEqual(["openloop:code_interpreter_call", "message"]);
    const ext = events.map((e) => String(e.type)).filter((t) => t.startsWith("openloop:"));
    // Every model turn is announced and closed, the first included (it began before the response did).
    expect(ext.filter((t) => t.startsWith("openloop:turn."))).toEqual([
      "openloop:turn.started",
      "openloop:turn.completed",
      "openloop:turn.started",
      "openloop:turn.completed",
    ]);
    expect(events.find((e) => e.type === "openloop:turn.started")).toMatchObject({ turn: 1 });
    expect(ext).toContain("openloop:code_interpreter_call.interpreting");
    expect(streamProblems(events)).toEqual([]);
  });

  test("by default no openloop: item or event reaches the client", async () => {
    const model = new ScriptedModel([[functionCall("run_javascript", { code: "1" })], [text("1")]]);
    const { events } = await respond(model, { input: "1", tools: [CODE] });
    expect(JSON.stringify(events)).not.toContain("openloop:");
  });
});

describe("what goes upstream", () => {
  test("request settings pass through; reasoning is always asked back encrypted; metadata stays here", async () => {
    const model = new ScriptedModel([[text("ok")]]);
    await respond(model, {
      input: "Hi",
      temperature: 0.2,
      max_output_tokens: 64,
      include: ["message.output_text.logprobs"],
      metadata: { user: "u1" },
      text: { format: { type: "text" }, verbosity: "low" },
      instructions: "Be brief.",
    });
    const sent = model.requests[0]!;
    expect(sent).toMatchObject({
      temperature: 0.2,
      max_output_tokens: 64,
      instructions: "Be brief.",
      text: { verbosity: "low" },
      store: false,
    });
    expect(sent.include).toEqual(["message.output_text.logprobs", "reasoning.encrypted_content"]);
    expect(sent.metadata).toBeUndefined();
  });
});

describe("failures of the server's own", () => {
  test("a fault after the response started ends it with error + response.failed, never a broken stream", async () => {
    const events: Record<string, unknown>[] = [];
    const run = ResponseRun.start(deps, {
      body: { input: "Hi" },
      route: { name: "m", target: "m", model: new ScriptedModel([[text("Hello.")]]) },
      chain: undefined,
      extensions: false,
      sink: (event) => events.push(event as unknown as Record<string, unknown>),
      signal: new AbortController().signal,
      persist: async () => {
        throw new Error("disk full");
      },
    });
    const response = await run.complete();
    expect(response.status).toBe("failed");
    expect(run.error).toMatchObject({ code: "internal_error" });
    expect(events.map((e) => e.type).slice(-2)).toEqual(["error", "response.failed"]);
    expect(events.at(-2)).toMatchObject({ error: { message: "Internal server error: disk full" } });
    expect(streamProblems(events)).toEqual([]);
  });
});
