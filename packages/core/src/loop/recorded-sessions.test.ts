/**
 * Checked against real sessions: recorded cassettes hold two-turn tool sessions (turn 1: the model
 * calls tools; turn 2: the real client sent the tool results and the real model answered). We play
 * the recorded responses as the model (their output items, ids and encrypted reasoning verbatim),
 * run our loop with tools of the recorded names returning the recorded outputs, and check that our
 * second request carries what the real one did, in substance: the function calls and their outputs
 * by `call_id`, in the same order, and reasoning replayed with its encrypted content.
 */
import {
  accumulate,
  decodeSSE,
  type ItemParam,
  type OutputItem,
  outputText,
  type ResponseResource,
} from "@openloop/protocol";
import {
  fixturePath,
  type Interaction,
  listFixtures,
  loadCassette,
  validateAgainstSpec,
  type Wire,
} from "@openloop/protocol/fixtures";
import { ScriptedModel } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { Agent } from "../agent/agent.js";
import { run } from "../run/run.js";
import { type JsonSchema, tool } from "../tools/index.js";

type Loose = Record<string, unknown> & { type?: string };

/** Every cassette whose second request answers function calls of the first response. */
function twoTurnToolSessions(): { wire: Wire; file: string }[] {
  const out: { wire: Wire; file: string }[] = [];
  for (const wire of ["responses", "open-responses"] as const) {
    for (const file of listFixtures(wire)) {
      if (!file.endsWith(".yaml")) continue;
      const interactions = loadCassette(fixturePath(wire, file));
      const second = interactions[1]?.requestBody as { input?: Loose[] } | undefined;
      if (second?.input?.some((item) => item.type === "function_call_output")) out.push({ wire, file });
    }
  }
  return out;
}

async function responseOf(interaction: Interaction): Promise<ResponseResource> {
  return interaction.isStream
    ? await accumulate(decodeSSE([interaction.body]))
    : (JSON.parse(interaction.body) as ResponseResource);
}

const sessions = twoTurnToolSessions();

describe("recorded two-turn tool sessions", () => {
  it("are found in the fixtures (every one of them is checked below)", () => {
    expect(sessions.map((s) => s.file)).toEqual([
      "TestOpenAIResponsesCommon__openai-gpt-4o-mini__multi_tool_streaming.yaml",
      "TestOpenAIResponsesCommon__openai-gpt-4o__multi_tool.yaml",
      "TestOpenAIResponsesCommon__openai-o4-mini__tool_streaming.yaml",
      "TestOpenAIResponsesWithSummaryThinking__openai-o4-mini__thinking-streaming.yaml",
      "test_openai_responses_stream.yaml",
      "test_deepseek_responses[function_tool].yaml",
    ]);
  });

  it.each(sessions.map((s) => [s.file, s] as const))(
    "%s: our second request matches the real one",
    async (_name, { wire, file }) => {
      const [first, second] = loadCassette(fixturePath(wire, file));
      const realFirst = first!.requestBody as Loose & { input: Loose[]; tools: Loose[]; reasoning?: never };
      const realSecond = second!.requestBody as Loose & { input: Loose[] };
      const turn1 = await responseOf(first!);
      const turn2 = await responseOf(second!);
      const calls = turn1.output.filter((item) => item.type === "function_call") as (OutputItem & Loose)[];

      // The real client's call ids. pydantic-ai once sent the item `id` as `call_id`; map those back.
      const ourCallId = (recorded: unknown) =>
        calls.find((c) => c.call_id === recorded || c.id === recorded)?.call_id as string | undefined;
      const recordedOutputs = new Map<string, unknown>();
      for (const item of realSecond.input) {
        if (item.type === "function_call_output") recordedOutputs.set(ourCallId(item.call_id)!, item.output);
      }

      const tools = realFirst.tools
        .filter((t) => t.type === "function")
        .map((t) =>
          tool({
            name: t.name as string,
            description: (t.description as string) || `The ${t.name as string} tool`,
            parameters: t.parameters as JsonSchema,
            execute: (_args, ctx) => recordedOutputs.get(ctx.callId) as string,
          }),
        );
      // DeepSeek's reasoning carries no encrypted content; replay it the way a server that accepts
      // summary-only reasoning would want (see below).
      const deepseek = file.startsWith("test_deepseek");
      const model = new ScriptedModel(
        [turn1.output, turn2.output],
        deepseek ? { capabilities: { reasoningReplay: true } } : {},
      );
      const agent = new Agent({
        name: "recorded",
        model,
        tools,
        ...(realFirst.reasoning ? { reasoning: realFirst.reasoning } : {}),
      });
      const result = await run(agent, realFirst.input as ItemParam[]);
      expect(result.finalOutput).toBe(outputText(turn2));

      const ours = model.requests[1]!.input as Loose[];
      expect(validateAgainstSpec("CreateResponseBody", model.requests[1])).toEqual([]);
      // The input the caller gave comes first, as given.
      expect(ours.slice(0, realFirst.input.length).map((i) => i.role)).toEqual(
        realFirst.input.map((i) => i.role),
      );

      // Function calls and their outputs: same call ids, names, arguments, outputs, in the same order.
      const substance = (items: Loose[], mapIds: boolean) =>
        items
          .filter((i) => i.type === "function_call" || i.type === "function_call_output")
          .map((i) => {
            const callId = mapIds ? ourCallId(i.call_id) : i.call_id;
            return i.type === "function_call"
              ? ["call", callId, i.name, JSON.parse(i.arguments as string)]
              : ["output", callId, i.output];
          });
      expect(substance(ours, false)).toEqual(substance(realSecond.input, true));

      // Reasoning: every turn-1 reasoning item with encrypted content is replayed with the same id,
      // encrypted content and summary, no raw content, right before the item that followed it.
      for (const [index, item] of turn1.output.entries()) {
        if (item.type !== "reasoning") continue;
        const reasoning = item as Loose;
        const at = ours.findIndex((i) => i.type === "reasoning" && i.id === reasoning.id);
        if (typeof reasoning.encrypted_content === "string" || deepseek) {
          expect(at).toBeGreaterThan(-1);
          expect(ours[at]).not.toHaveProperty("content");
          expect(ours[at]?.summary).toEqual(reasoning.summary);
          expect(ours[at]?.encrypted_content).toBe(reasoning.encrypted_content);
          expect(ours[at + 1]?.id).toBe(turn1.output[index + 1]?.id);
        } else {
          // No encrypted content and a stateless server: an orphan would break it, so it is not sent.
          expect(at).toBe(-1);
        }
      }
      const realReasoning = realSecond.input.filter((i) => i.type === "reasoning");
      if (realReasoning.length > 0) {
        // DeepSeek's own client sent raw `content` back, which the spec forbids on input; ours sends
        // the same item (same id, same place) without it.
        expect(ours.filter((i) => i.type === "reasoning").map((i) => i.id)).toEqual(
          realReasoning.map((i) => i.id),
        );
      }
    },
  );
});
