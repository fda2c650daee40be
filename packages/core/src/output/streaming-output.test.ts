/**
 * Streaming structured output: `output.partial` as the answer's JSON arrives, `output.completed`
 * with the validated value, `output.invalid` when a reply is sent back.
 */
import { functionCall, ScriptedModel, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import type { RunEvent } from "../events/run-event.js";
import { runStream } from "../run/run-stream.js";
import { tool } from "../tools/index.js";
import { PARSE_BUDGET, parsePartialJson } from "./partial-output.js";

const Story = z.object({ title: z.string(), tags: z.array(z.string()), year: z.number() });

async function collect<T>(stream: AsyncIterable<RunEvent<T>>): Promise<RunEvent<T>[]> {
  const events: RunEvent<T>[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe("streamed structured output", () => {
  it("yields a partial value per delta, then the validated value before run.completed", async () => {
    const json = '{"title":"Dune","tags":["sf","classic"],"year":1965}';
    const model = new ScriptedModel([{ output: [text(json)], chunkSize: 6 }]);
    const stream = runStream(new Agent({ name: "books", model, output: Story }), "A book?");
    const events = await collect(stream);

    const partials = events.flatMap((e) => (e.type === "output.partial" ? [e] : []));
    expect(partials.length).toBeGreaterThan(3);
    expect(partials.at(-1)?.text).toBe(json);
    expect(partials.at(-1)?.value).toEqual({ title: "Dune", tags: ["sf", "classic"], year: 1965 });
    // Best effort, growing with the text: strings cut short show, numbers only once complete.
    const values = partials.map((p) => p.value);
    // Chunks: {"titl|e":"Du|ne","t|ags":[|"sf","|classi|c"],"y|ear":1|965}
    expect(values).toContainEqual({ title: "Du" });
    expect(values).toContainEqual({ title: "Dune", tags: ["sf", "classi"] });
    expect(values).not.toContainEqual({ title: "Dune", tags: ["sf", "classic"], year: 1 });

    const types = events.map((e) => e.type);
    const completed = events.find((e) => e.type === "output.completed");
    expect(completed).toEqual({
      type: "output.completed",
      turn: 1,
      value: { title: "Dune", tags: ["sf", "classic"], year: 1965 },
    });
    expect(types.indexOf("output.completed")).toBe(types.indexOf("run.completed") - 1);
    expect((await stream.result).finalOutput).toEqual(
      completed?.type === "output.completed" && completed.value,
    );
  });

  it("keeps parsing linear for a long answer: fewer partials, never more than PARSE_BUDGET chars parsed per char", async () => {
    const Long = z.object({ items: z.array(z.object({ name: z.string(), note: z.string() })) });
    const answer = {
      items: Array.from({ length: 300 }, (_, i) => ({
        name: `item ${i}`,
        note: "a fairly long note ".repeat(3),
      })),
    };
    const json = JSON.stringify(answer);
    const model = new ScriptedModel([{ output: [text(json)], chunkSize: 4 }]);
    const stream = runStream(new Agent({ name: "long", model, output: Long }), "A long list?");
    const partials = (await collect(stream)).flatMap((e) => (e.type === "output.partial" ? [e] : []));
    const deltas = Math.ceil(json.length / 4);
    // Each partial parsed its whole text: what it read, summed, is the parsing work.
    const parsed = partials.reduce((sum, p) => sum + p.text.length, 0);
    expect(parsed).toBeLessThanOrEqual(PARSE_BUDGET * json.length);
    // Quadratic (a parse per delta) would read about deltas * length / 2.
    expect(parsed).toBeLessThan((deltas * json.length) / 20);
    // Still a value per delta at the start, and progress all along.
    expect(partials[0]?.text).toBe(json.slice(0, 4));
    expect(partials[1]?.text).toBe(json.slice(0, 8));
    expect(partials.length).toBeGreaterThan(100);
    expect(partials.at(-1)!.text.length).toBeGreaterThan(json.length * 0.9);
    expect((await stream.result).finalOutput).toEqual(answer);
  });

  it("announces an invalid reply that is sent back, and shows no partials for prose", async () => {
    const model = new ScriptedModel([
      { output: [text("Dune, by Frank Herbert.")], chunkSize: 5 },
      { output: [text('{"title":"Dune","tags":[],"year":1965}')], chunkSize: 8 },
    ]);
    const events = await collect(runStream(new Agent({ name: "books", model, output: Story }), "A book?"));
    const invalid = events.find((e) => e.type === "output.invalid");
    expect(invalid).toMatchObject({ turn: 1, text: "Dune, by Frank Herbert.", retry: true });
    expect(events.filter((e) => e.type === "output.partial").every((e) => e.turn === 2)).toBe(true);
    expect(events.at(-1)?.type).toBe("run.completed");
  });

  it("sends no output events for an agent without output, nor for tool arguments", async () => {
    const noop = tool({
      name: "noop",
      description: "Does nothing",
      parameters: z.object({ a: z.string() }),
      execute: () => "ok",
    });
    const model = new ScriptedModel([
      { output: [functionCall("noop", { a: "{" })], chunkSize: 2 },
      { output: [text('{"a":1}')], chunkSize: 2 },
    ]);
    const events = await collect(runStream(new Agent({ name: "plain", model, tools: [noop] }), "x"));
    expect(events.some((e) => e.type.startsWith("output."))).toBe(false);
  });
});

describe("parsePartialJson", () => {
  it.each([
    ['{"a": "he', { a: "he" }],
    ['{"a": 12', {}],
    ['{"a": 12,', { a: 12 }],
    ['{"a": [1, {"b": tr', { a: [1, { b: true }] }],
    ['```json\n{"a": "x"', { a: "x" }],
    ['  {"a": "x"}\n```', { a: "x" }],
  ])("%j → %j", (input, expected) => {
    expect(parsePartialJson(input)).toEqual(expected);
  });

  it("gives undefined for prose, empty text and an unopened fence", () => {
    expect(parsePartialJson("The answer is")).toBeUndefined();
    expect(parsePartialJson("   ")).toBeUndefined();
    expect(parsePartialJson("```js")).toBeUndefined();
  });
});
