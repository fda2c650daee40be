/**
 * tool_choice enforced on the client: each mode against a scripted model that violates it, the way
 * servers that ignore tool_choice do (Ollama, vLLM, LM Studio).
 */
import type { ItemParam, ToolChoice } from "@openloop/protocol";
import { functionCall, ScriptedModel, type ScriptTurn, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import type { AgentOptions } from "../agent/options.js";
import { RunError } from "../errors/run-error.js";
import type { RunEvent } from "../events/run-event.js";
import type { ModelCapabilities } from "../model/model.js";
import { runStream } from "../run/run-stream.js";
import { tool } from "../tools/index.js";

function setup(
  toolChoice: ToolChoice,
  script: ScriptTurn[],
  { capabilities, ...options }: Partial<AgentOptions> & { capabilities?: ModelCapabilities } = {},
) {
  const ran: string[] = [];
  const make = (name: string) =>
    tool({
      name,
      description: `The ${name} tool`,
      parameters: z.object({}),
      execute: () => {
        ran.push(name);
        return `${name} ran`;
      },
    });
  const model = new ScriptedModel(script, capabilities ? { capabilities } : {});
  const agent = new Agent({
    name: "tc",
    model,
    tools: [make("search"), make("email"), make("calendar")],
    toolChoice,
    ...options,
  });
  return { model, agent, ran };
}

async function play(agent: Agent) {
  const stream = runStream(agent, "do it");
  const events: RunEvent[] = [];
  for await (const event of stream) events.push(event);
  const result = await stream.result.catch((error: unknown) => error);
  return { events, result };
}

const outputs = (request: { input?: unknown } | undefined) =>
  ((request?.input ?? []) as ItemParam[])
    .filter((item) => item.type === "function_call_output")
    .map((item) => item.output);

const lastInput = (request: { input?: unknown } | undefined) =>
  ((request?.input ?? []) as ItemParam[]).at(-1);

interface Case {
  name: string;
  choice: ToolChoice;
  /** The violating turn(s), then what the model does after being corrected. */
  script: ScriptTurn[];
  /** Tools that actually ran. */
  ran: string[];
  /** tool_choice sent on each request. */
  sent: (ToolChoice | undefined)[];
  /** The violation kind the loop reported. */
  violation: "missing_call" | "forbidden_call";
  /** What the model read after violating (the refusal output or the correction message). */
  told: string;
}

const cases: Case[] = [
  {
    name: "none: calls are not executed; the model is told and answers in text",
    choice: "none",
    script: [[functionCall("search")], [text("Answer without tools.")]],
    ran: [],
    sent: ["none", "none"],
    violation: "forbidden_call",
    told: 'Error: Tool "search" was not run: tool calls are disabled for this turn (tool_choice is "none"). Answer without calling tools.',
  },
  {
    name: "required: a reply without a call is retried with a correction, then the call runs and the choice resets",
    choice: "required",
    script: [[text("I'd rather chat.")], [functionCall("search")], [text("Found it.")]],
    ran: ["search"],
    sent: ["required", "required", "auto"],
    violation: "missing_call",
    told: 'You must call a tool now (tool_choice is "required"). Reply with a function call, not a message.',
  },
  {
    name: "function: other calls are refused with an output naming the required tool",
    choice: { type: "function", name: "calendar" },
    script: [[functionCall("email")], [functionCall("calendar")], [text("Booked.")]],
    ran: ["calendar"],
    sent: [{ type: "function", name: "calendar" }, { type: "function", name: "calendar" }, "auto"],
    violation: "forbidden_call",
    told: 'Error: Tool "email" was not run: this turn requires a call to "calendar" (tool_choice requires "calendar"). Call "calendar" instead.',
  },
  {
    name: "function: a reply without a call is corrected toward the named function",
    choice: { type: "function", name: "calendar" },
    script: [[text("Sure!")], [functionCall("calendar")], [text("Booked.")]],
    ran: ["calendar"],
    sent: [{ type: "function", name: "calendar" }, { type: "function", name: "calendar" }, "auto"],
    violation: "missing_call",
    told: 'You must call the function "calendar" now (tool_choice requires "calendar"). Reply with a call to "calendar", not a message.',
  },
  {
    name: "allowed_tools: calls outside the set are refused",
    choice: { type: "allowed_tools", tools: [{ type: "function", name: "search" }], mode: "auto" },
    script: [[functionCall("email")], [functionCall("search")], [text("Searched.")]],
    ran: ["search"],
    sent: [
      { type: "allowed_tools", tools: [{ type: "function", name: "search" }], mode: "auto" },
      { type: "allowed_tools", tools: [{ type: "function", name: "search" }], mode: "auto" },
      { type: "allowed_tools", tools: [{ type: "function", name: "search" }], mode: "auto" },
    ],
    violation: "forbidden_call",
    told: 'Error: Tool "email" was not run: it is not allowed for this turn. Allowed tools: search.',
  },
  {
    name: "allowed_tools mode required: a reply without a call is corrected, then mode goes back to auto",
    choice: {
      type: "allowed_tools",
      tools: [
        { type: "function", name: "search" },
        { type: "function", name: "calendar" },
      ],
      mode: "required",
    },
    script: [[text("Hello.")], [functionCall("calendar")], [text("Done.")]],
    ran: ["calendar"],
    sent: [
      {
        type: "allowed_tools",
        tools: [
          { type: "function", name: "search" },
          { type: "function", name: "calendar" },
        ],
        mode: "required",
      },
      {
        type: "allowed_tools",
        tools: [
          { type: "function", name: "search" },
          { type: "function", name: "calendar" },
        ],
        mode: "required",
      },
      {
        type: "allowed_tools",
        tools: [
          { type: "function", name: "search" },
          { type: "function", name: "calendar" },
        ],
        mode: "auto",
      },
    ],
    violation: "missing_call",
    told: 'You must call one of these tools now: search, calendar (tool_choice allows only: search, calendar (mode "required")). Reply with a function call, not a message.',
  },
];

describe("tool_choice enforced against a model that violates it", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const { model, agent, ran } = setup(c.choice, c.script);
    const { events, result } = await play(agent);
    expect(result).not.toBeInstanceOf(RunError);
    expect(ran).toEqual(c.ran);
    expect(model.requests.map((r) => r.tool_choice)).toEqual(c.sent);
    const violated = events.filter((e) => e.type === "tool_choice.violated");
    expect(violated).toMatchObject([{ kind: c.violation, retry: true, turn: 1 }]);
    const second = model.requests[1];
    if (c.violation === "forbidden_call") {
      expect(outputs(second)).toEqual([c.told]);
      expect(events.filter((e) => e.type === "tool_call.rejected")).toMatchObject([
        { by: "tool_choice", message: c.told },
      ]);
    } else {
      expect(lastInput(second)).toEqual({ type: "message", role: "developer", content: c.told });
    }
  });

  it("fails with tool_choice_violation once the retries are spent, keeping the partial result", async () => {
    const { model, agent, ran } = setup("required", [
      [text("No.")],
      [text("Still no.")],
      [text("never asked")],
    ]);
    const { events, result } = await play(agent);
    expect(result).toBeInstanceOf(RunError);
    const error = result as RunError;
    expect(error.code).toBe("tool_choice_violation");
    expect(error.message).toBe(
      'The model answered without a tool call although tool_choice is "required". It still did after 1 retry.',
    );
    expect(model.requests).toHaveLength(2);
    expect(ran).toEqual([]);
    expect(error.result.items.map((item) => item.type)).toEqual(["message", "message", "message"]);
    expect(events.at(-1)).toMatchObject({ type: "run.failed" });
    expect(
      events.filter((e) => e.type === "tool_choice.violated").map((e) => (e as { retry: boolean }).retry),
    ).toEqual([true, false]);
  });

  it("retries as often as toolChoiceRetries says; 0 fails at the first violation", async () => {
    const strict = setup("none", [[functionCall("search")]], { toolChoiceRetries: 0 });
    const failed = (await play(strict.agent)).result as RunError;
    expect(failed.code).toBe("tool_choice_violation");
    // The refused call still has its output in the partial result (the transcript stays valid).
    expect(failed.result.items.map((item) => item.type)).toEqual(["function_call", "function_call_output"]);

    const patient = setup(
      "required",
      [[text("a")], [text("b")], [text("c")], [functionCall("email")], [text("ok")]],
      {
        toolChoiceRetries: 3,
      },
    );
    const { result } = await play(patient.agent);
    expect(result).not.toBeInstanceOf(RunError);
    expect(patient.ran).toEqual(["email"]);
  });

  it("keeps forcing the choice when resetToolChoice is false (the turn limit still ends it)", async () => {
    const script: ScriptTurn[] = Array.from({ length: 3 }, () => [functionCall("search")]);
    const { model, agent, ran } = setup("required", script, {
      resetToolChoice: false,
      maxTurns: 3,
      loopDetection: false,
    });
    const { result } = await play(agent);
    expect((result as RunError).code).toBe("max_turns_exceeded");
    expect(model.requests.map((r) => r.tool_choice)).toEqual(["required", "required", "required"]);
    expect(ran).toEqual(["search", "search", "search"]);
  });

  it("a call to another tool alongside the required one runs the required one and refuses the other", async () => {
    const { model, agent, ran } = setup({ type: "function", name: "search" }, [
      [functionCall("email"), functionCall("search")],
      [text("done")],
    ]);
    const { events } = await play(agent);
    expect(ran).toEqual(["search"]);
    expect(outputs(model.requests[1])).toEqual([
      'Error: Tool "email" was not run: this turn requires a call to "search" (tool_choice requires "search"). Call "search" instead.',
      "search ran",
    ]);
    expect(events.some((e) => e.type === "tool_choice.violated")).toBe(false);
  });
});

describe("tool_choice and hosted tools", () => {
  it("a hosted call the server ran (web_search_call) meets required: no correction, the run completes", async () => {
    const model = new ScriptedModel([
      [
        { type: "web_search_call", id: "ws_1", status: "completed", action: { type: "search", query: "q" } },
        text("Found."),
      ],
    ]);
    const agent = new Agent({ name: "web", model, tools: [{ type: "web_search" }], toolChoice: "required" });
    const { events, result } = await play(agent);
    expect(result).not.toBeInstanceOf(RunError);
    expect(events.some((e) => e.type === "tool_choice.violated")).toBe(false);
    expect(model.requests).toHaveLength(1);
  });
});

describe("tool_choice sent to servers that cannot take it", () => {
  it("sends only the allowed tools where allowed_tools is unsupported, and still refuses the others", async () => {
    const { model, agent, ran } = setup(
      { type: "allowed_tools", tools: [{ type: "function", name: "search" }] },
      [[functionCall("email")], [text("ok")]],
      { capabilities: { allowedTools: false } },
    );
    await play(agent);
    expect(model.requests[0]?.tools?.map((t) => (t as { name: string }).name)).toEqual(["search"]);
    expect(model.requests[0]?.tool_choice).toBe("auto");
    expect(ran).toEqual([]);
  });

  it("sends auto where forced choices are unsupported, and enforces them anyway", async () => {
    const { model, agent, ran } = setup("required", [[text("no")], [functionCall("email")], [text("ok")]], {
      capabilities: { toolChoiceRequired: false },
    });
    await play(agent);
    expect(model.requests.map((r) => r.tool_choice)).toEqual(["auto", "auto", "auto"]);
    expect(ran).toEqual(["email"]);
  });
});
