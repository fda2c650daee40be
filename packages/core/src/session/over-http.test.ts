/**
 * Sessions over HTTP: three runs of one conversation through `openResponses()` and
 * `startMockServer`, the third trimmed by a token budget; every request is spec-valid.
 */
import type { ItemParam } from "@openloop/protocol";
import { validateAgainstSpec } from "@openloop/protocol/fixtures";
import { functionCall, reasoning, startMockServer, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import { openResponses } from "../model/open-responses/open-responses.js";
import { run } from "../run/run.js";
import { tool } from "../tools/index.js";
import { tokenBudget } from "./history.js";
import { MemorySession } from "./memory-session.js";

describe("sessions over HTTP", () => {
  it("continue a conversation across runs, replaying stored items as the server needs them", async () => {
    const server = await startMockServer([
      [
        reasoning({ summary: "Look it up.", encrypted: "enc-1" }),
        functionCall("remember", { fact: "Ada likes tea" }),
      ],
      [text("Noted: you like tea.")],
      [text("You like tea.")],
      [text("Tea, still.")],
    ]);
    try {
      const remember = tool({
        name: "remember",
        description: "Remember a fact",
        parameters: z.object({ fact: z.string() }),
        execute: () => "remembered",
      });
      const agent = new Agent({
        name: "memory",
        model: openResponses({ baseURL: server.url, model: "m" }),
        tools: [remember],
      });
      const session = new MemorySession();
      await run(agent, "I like tea.", { session });
      await run(agent, "What do I like?", { session });
      // A budget too small for the first exchange: only the second one is replayed.
      await run(agent, "And now?", { session, history: tokenBudget(60) });

      const bodies = server.requests.map((r) => r.body!);
      for (const body of bodies) expect(validateAgainstSpec("CreateResponseBody", body)).toEqual([]);
      const types = (body: { input?: unknown }) => (body.input as ItemParam[]).map((i) => i.type);
      expect(types(bodies[2]!)).toEqual([
        "message",
        "reasoning",
        "function_call",
        "function_call_output",
        "message",
        "message",
      ]);
      expect(types(bodies[3]!)).toEqual(["message", "message", "message"]);
      expect(bodies[3]!.input?.[0]).toMatchObject({ content: "What do I like?" });
      expect(await session.getItems()).toHaveLength(9);
    } finally {
      await server.close();
    }
  });
});
