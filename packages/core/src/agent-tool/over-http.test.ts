/**
 * Agents as tools over HTTP: an orchestrator and its specialist each talk to their own
 * `startMockServer` through `openResponses()`; the specialist's approval pauses the
 * orchestrator, whose state goes through JSON and resumes the specialist's run.
 */
import type { ItemParam } from "@openloop/protocol";
import { functionCall, type MockServer, startMockServer, text } from "@openloop/testing";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import type { AgentEvent, RunEvent } from "../events/run-event.js";
import { openResponses } from "../model/open-responses/open-responses.js";
import { run } from "../run/run.js";
import { runStream } from "../run/run-stream.js";
import { RunState } from "../state/run-state.js";
import { tool } from "../tools/index.js";

const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("agents as tools over HTTP", () => {
  it("delegates, pauses for the specialist's approval, and resumes from the orchestrator's state", async () => {
    const booked: string[] = [];
    const book = tool({
      name: "book_flight",
      description: "Book a flight",
      parameters: z.object({ to: z.string() }),
      needsApproval: true,
      execute: ({ to }) => {
        booked.push(to);
        return `booked to ${to}`;
      },
    });
    const specialistServer = await startMockServer([
      { output: [functionCall("book_flight", { to: "Lima" }, { callId: "bk_1" })], chunkSize: 5 },
      [text("Booked LIM, seat 3A.")],
    ]);
    const orchestratorServer = await startMockServer([
      [functionCall("travel", { input: "Book me a flight to Lima" }, { callId: "tr_1" })],
      [text("Your flight to Lima is booked (seat 3A).")],
    ]);
    servers.push(specialistServer, orchestratorServer);
    const travel = new Agent({
      name: "travel-agent",
      model: openResponses({ baseURL: specialistServer.url, model: "specialist" }),
      tools: [book],
    });
    const orchestrator = new Agent({
      name: "orchestrator",
      model: openResponses({ baseURL: orchestratorServer.url, model: "boss" }),
      tools: [travel.asTool({ name: "travel", description: "Books travel" })],
    });

    const stream = runStream(orchestrator, "Get me to Lima");
    const events: RunEvent[] = [];
    for await (const event of stream) events.push(event);
    const paused = await stream.result;
    expect(paused.status).toBe("interrupted");
    expect(paused.interruptions).toMatchObject([{ callId: "bk_1", agent: "travel-agent", path: ["tr_1"] }]);
    const nested = events.filter((e): e is AgentEvent => e.type === "agent.event");
    expect(nested.map((e) => e.event.type)).toContain("approval.requested");
    expect(nested.map((e) => e.event.type)).toContain("tool_call.arguments.delta");

    const state = RunState.fromJSON(JSON.stringify(paused.state), orchestrator);
    state.approve(state.pendingApprovals[0]!);
    const done = await run(orchestrator, state);
    expect(done.finalOutput).toBe("Your flight to Lima is booked (seat 3A).");
    expect(booked).toEqual(["Lima"]);
    expect(specialistServer.requests).toHaveLength(2);
    const last = orchestratorServer.requests[1]!.body!.input as ItemParam[];
    expect(last.at(-1)).toEqual({
      type: "function_call_output",
      call_id: "tr_1",
      output: "Booked LIM, seat 3A.",
    });
  });
});
