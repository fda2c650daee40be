/**
 * `openloop run --json` as a child process against a real HTTP mock server: stdout is JSONL, one
 * RunEvent per line and nothing else, for pipes and CI.
 */
import { streamOrderViolations, validateAgainstSpec } from "@openloop/protocol/fixtures";
import { functionCall, reasoning, startMockServer, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { parseLines, runCli } from "./support/cli.js";

const LOOP_EVENTS = new Set([
  "run.started",
  "turn.started",
  "turn.retrying",
  "turn.completed",
  "tool_call.arguments.delta",
  "tool_choice.violated",
  "tool_call.started",
  "tool_call.completed",
  "tool_call.failed",
  "tool_call.rejected",
  "approval.requested",
  "run.completed",
  "run.stopped",
  "run.interrupted",
  "run.failed",
]);

describe("openloop run --json", () => {
  it("writes one RunEvent per line on stdout: spec events that validate, loop events, a final run.completed", async () => {
    const server = await startMockServer([
      {
        output: [
          reasoning({ summary: "Compute it in the sandbox.", encrypted: "gAAA-opaque" }),
          functionCall("run_javascript", { code: "[1, 2, 3].map((n) => n * 7).join(',')" }),
        ],
        chunkSize: 7,
        usage: { input_tokens: 30, output_tokens: 12 },
      },
      {
        output: [text("The multiples are 7, 14 and 21.")],
        chunkSize: 5,
        usage: { input_tokens: 50, output_tokens: 9 },
      },
    ]);
    try {
      const run = await runCli(
        ["run", "--json", "--base-url", server.url, "--model", "m", "--tools", "code", "Multiples of 7?"],
        { env: {} },
      );
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const events = parseLines(run.stdout);
      expect(events[0]).toMatchObject({ type: "run.started", agent: "openloop", resumed: false });
      expect(events.at(-1)).toMatchObject({
        type: "run.completed",
        result: { status: "completed", finalOutput: "The multiples are 7, 14 and 21.", turns: 2 },
      });
      const modelEvents = events.filter((e) => !LOOP_EVENTS.has(e.type as string));
      for (const event of events) {
        if (LOOP_EVENTS.has(event.type as string)) continue;
        expect(validateAgainstSpec("StreamEvent", event)).toEqual([]);
      }
      // Each turn's model events are a whole, well-ordered stream.
      const created = modelEvents.flatMap((e, i) => (e.type === "response.created" ? [i] : []));
      expect(created).toHaveLength(2);
      expect(streamOrderViolations(modelEvents.slice(0, created[1]) as never)).toEqual([]);
      expect(streamOrderViolations(modelEvents.slice(created[1]) as never)).toEqual([]);

      const completed = events.find((e) => e.type === "tool_call.completed");
      expect(completed).toMatchObject({ name: "run_javascript", output: { type: "function_call_output" } });
      expect(JSON.stringify(completed)).toContain("7,14,21");
      const result = events.at(-1)?.result as { usage: { total_tokens: number }; state: { version: number } };
      expect(result.usage.total_tokens).toBe(101);
      // The state is in the JSON too (RunState.toJSON), so a pipeline can keep it.
      expect(result.state.version).toBe(1);
      // What the server received: the task, the tool as JSON Schema, then the tool's output.
      expect(server.requests[0]?.body).toMatchObject({ model: "m", stream: true, input: [{ role: "user" }] });
      expect(JSON.stringify(server.requests[1]?.body?.input)).toContain("7,14,21");
    } finally {
      await server.close();
    }
  });

  it("ends with a run.failed line carrying the error's code and message, and exits 1", async () => {
    const server = await startMockServer([
      { output: [], status: "incomplete", incompleteReason: "content_filter" },
    ]);
    try {
      const run = await runCli(
        ["run", "--json", "--base-url", server.url, "--model", "m", "--tools", "none", "Hi"],
        {
          env: {},
        },
      );
      expect(run.code).toBe(1);
      const last = parseLines(run.stdout).at(-1);
      expect(last).toMatchObject({
        type: "run.failed",
        error: { name: "RunError", code: "response_incomplete" },
      });
      expect((last?.error as { message?: string } | undefined)?.message).toMatch(/content_filter/);
      expect(run.stderr).toContain("Failed (response_incomplete)");
    } finally {
      await server.close();
    }
  });
});
