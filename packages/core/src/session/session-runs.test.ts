/**
 * Runs with a `Session`: conversations continue across runs, turns are written only once
 * complete, reasoning is replayed by the loop's rules, and history policies trim the replay.
 */
import type { ItemParam } from "@openloop/protocol";
import { functionCall, httpError, reasoning, ScriptedModel, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import { RunError } from "../errors/run-error.js";
import { run } from "../run/run.js";
import type { RunItem } from "../state/data.js";
import { RunState } from "../state/run-state.js";
import { tool } from "../tools/index.js";
import { keepLastTurns } from "./history.js";
import { MemorySession } from "./memory-session.js";

/** A MemorySession that records each addItems call (one per completed turn). */
class RecordingSession extends MemorySession {
  readonly writes: RunItem[][] = [];
  override async addItems(items: readonly RunItem[]): Promise<void> {
    this.writes.push([...items]);
    await super.addItems(items);
  }
}

const typesOf = (items: readonly unknown[]) =>
  (items as { type: string; role?: unknown }[]).map((i) =>
    i.type === "message" ? `${i.type}:${String(i.role)}` : i.type,
  );

const lookup = tool({
  name: "lookup",
  description: "Look something up",
  parameters: z.object({ q: z.string() }),
  execute: ({ q }) => `found ${q}`,
});

describe("runs with a session", () => {
  it("continue the conversation: the second run replays the first, and both are stored", async () => {
    const model = new ScriptedModel([[text("Nice to meet you, Ada.")], [text("Your name is Ada.")]]);
    const agent = new Agent({ name: "chat", model });
    const session = new MemorySession();
    await run(agent, "I am Ada.", { session });
    const second = await run(agent, "What is my name?", { session });
    expect(second.finalOutput).toBe("Your name is Ada.");
    expect(model.requests[1]?.input).toEqual([
      { type: "message", role: "user", content: "I am Ada." },
      expect.objectContaining({ type: "message", role: "assistant", id: expect.any(String) }),
      { type: "message", role: "user", content: "What is my name?" },
    ]);
    // The result's items are this run's own; the session holds the whole conversation.
    expect(second.items).toHaveLength(1);
    expect(typesOf(await session.getItems())).toEqual([
      "message:user",
      "message:assistant",
      "message:user",
      "message:assistant",
    ]);
  });

  it("writes once per completed turn: a call and its output always together", async () => {
    const model = new ScriptedModel([
      [functionCall("lookup", { q: "a" }), functionCall("lookup", { q: "b" })],
      [text("a and b")],
    ]);
    const session = new RecordingSession();
    await run(new Agent({ name: "s", model, tools: [lookup] }), "Find a and b", { session });
    expect(session.writes.map(typesOf)).toEqual([
      ["message:user", "function_call", "function_call", "function_call_output", "function_call_output"],
      ["message:assistant"],
    ]);
  });

  it("keeps a failed run's completed turns, and nothing of the failed one", async () => {
    const model = new ScriptedModel([[functionCall("lookup", { q: "a" })], httpError(503)]);
    const session = new RecordingSession();
    const error = await run(new Agent({ name: "s", model, tools: [lookup] }), "Find a", { session }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RunError);
    expect(typesOf(await session.getItems())).toEqual([
      "message:user",
      "function_call",
      "function_call_output",
    ]);
  });

  it("writes a paused turn only once its calls are answered, when the state resumes with the session", async () => {
    const guarded = tool({
      name: "guarded",
      description: "Needs approval",
      parameters: z.object({}),
      needsApproval: true,
      execute: () => "ran",
    });
    const model = new ScriptedModel([[text("Hello.")], [functionCall("guarded")], [text("Done.")]]);
    const agent = new Agent({ name: "s", model, tools: [guarded] });
    const session = new RecordingSession();
    await run(agent, "Hi", { session });
    const paused = await run(agent, "Do it", { session });
    expect(paused.status).toBe("interrupted");
    expect(session.writes).toHaveLength(1);

    // Through JSON: the state remembers how much of it the session holds.
    const state = RunState.fromJSON(JSON.stringify(paused.state), agent).approve("call_1_0");
    await run(agent, state, { session });
    expect(session.writes.map(typesOf)).toEqual([
      ["message:user", "message:assistant"],
      ["message:user", "function_call", "function_call_output"],
      ["message:assistant"],
    ]);
    // Resuming reads nothing: the state already holds the history.
    expect(typesOf(model.requests[2]?.input as ItemParam[])).toEqual([
      "message:user",
      "message:assistant",
      "message:user",
      "function_call",
      "function_call_output",
    ]);
  });

  it("replays stored reasoning by the loop's rules (no raw content; none without encrypted content)", async () => {
    const model = new ScriptedModel([
      [
        reasoning({ summary: "Think.", content: "raw", encrypted: "enc", id: "rs_1" }),
        reasoning({ summary: "Lost.", id: "rs_2" }),
        text("Answer one.", { id: "msg_1" }),
      ],
      [text("Answer two.")],
    ]);
    const agent = new Agent({ name: "r", model });
    const session = new MemorySession();
    await run(agent, "One", { session });
    // Stored as received, raw content included.
    expect((await session.getItems())[1]).toMatchObject({ id: "rs_1", content: [{ text: "raw" }] });
    await run(agent, "Two", { session });
    const replayed = (model.requests[1]?.input ?? []) as ItemParam[];
    expect(replayed.map((i) => (i as { id?: string }).id ?? i.type)).toEqual([
      "message",
      "rs_1",
      "msg_1",
      "message",
    ]);
    expect(replayed[1]).toEqual({
      type: "reasoning",
      id: "rs_1",
      summary: [{ type: "summary_text", text: "Think." }],
      encrypted_content: "enc",
    });
  });

  it("replays only what the history policy keeps, and still stores everything", async () => {
    const model = new ScriptedModel([[text("1")], [text("2")], [text("3")]]);
    const agent = new Agent({ name: "h", model });
    const session = new MemorySession();
    await run(agent, "first", { session });
    await run(agent, "second", { session });
    await run(agent, "third", { session, history: keepLastTurns(1) });
    expect(typesOf(model.requests[2]?.input as ItemParam[])).toEqual([
      "message:user",
      "message:assistant",
      "message:user",
    ]);
    expect(model.requests[2]?.input?.[0]).toMatchObject({ content: "second" });
    expect(await session.getItems()).toHaveLength(6);
  });

  it("fails with session_error when the store fails, keeping a resumable state", async () => {
    const model = new ScriptedModel([[text("Hi.")]]);
    const session = new MemorySession();
    session.addItems = async () => {
      throw new Error("disk full");
    };
    const error = (await run(new Agent({ name: "f", model }), "Hi", { session }).catch(
      (e: unknown) => e,
    )) as RunError;
    expect(error.code).toBe("session_error");
    expect(error.message).toBe("The session could not store the turn's items: disk full");
    expect(error.result.items).toHaveLength(1);
  });

  it("rejects what is not a session, and a history policy without one", async () => {
    const agent = new Agent({ name: "x", model: new ScriptedModel([]) });
    const bad = (await run(agent, "x", { session: {} as never }).catch((e: unknown) => e)) as RunError;
    expect(bad.code).toBe("invalid_config");
    const lonely = (await run(agent, "x", { history: keepLastTurns(2) }).catch(
      (e: unknown) => e,
    )) as RunError;
    expect(lonely.message).toMatch(/there is no `session`/);
  });
});
