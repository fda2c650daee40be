import { Agent, type RunEvent, runStream, tool } from "@openloop/core";
import { functionCall, reasoning, ScriptedModel, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FakeTTY, screenOf } from "../../test/support/terminal.js";
import { TranscriptRenderer } from "./transcript.js";

const lookup = tool({
  name: "lookup",
  description: "Look a word up",
  parameters: z.object({ word: z.string() }),
  execute: ({ word }) => `${word}: a round trip\nsecond line\nthird line`,
});
const broken = tool({
  name: "broken",
  description: "Always fails",
  parameters: z.object({}),
  execute: () => {
    throw new Error("disk on fire");
  },
});

async function eventsOf(model: ScriptedModel): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  for await (const event of runStream(
    new Agent({ name: "t", model, tools: [lookup, broken] }),
    "What is a loop?",
  ))
    events.push(event);
  return events;
}

const script = () =>
  new ScriptedModel([
    {
      output: [
        reasoning({ summary: "Look it up.\nThen answer." }),
        functionCall("lookup", { word: "loop" }),
        functionCall("broken", {}),
      ],
      chunkSize: 4,
      usage: { input_tokens: 10, output_tokens: 5 },
    },
    {
      output: [text("A loop is a \u001b[31mround\u001b[0m trip.")],
      chunkSize: 3,
      usage: { input_tokens: 20, output_tokens: 7 },
    },
  ]);

describe("TranscriptRenderer", () => {
  it("off a terminal: quoted reasoning, each call with its arguments and a short result, the text, no escape codes", async () => {
    const out = new FakeTTY();
    const err = new FakeTTY();
    const renderer = new TranscriptRenderer(out, err, { caps: { colors: false, live: false }, now: () => 0 });
    for (const event of await eventsOf(script())) renderer.event(event);
    renderer.close();
    expect(out.text).toBe(
      [
        "> Look it up.",
        "> Then answer.",
        '→ lookup({"word":"loop"})',
        "→ broken({})",
        "← lookup: loop: a round trip (+2 lines)",
        '✗ broken: Tool "broken" failed: disk on fire',
        "A loop is a [31mround[0m trip.",
        "✓ done · 2 turns · 42 tokens · 0.0s",
        "",
      ].join("\n"),
    );
    // The model's own escape sequence lost its ESC: it cannot recolour or move anything.
    expect(out.text).not.toContain("\u001b");
    expect(err.text).toBe("");
  });

  it("on a terminal: reasoning dimmed, a live status line with turn and tokens, and the same words on screen", async () => {
    const out = new FakeTTY(60);
    const renderer = new TranscriptRenderer(out, new FakeTTY(), {
      caps: { colors: true, live: true },
      now: () => 0,
    });
    const seen: string[] = [];
    for (const event of await eventsOf(script())) {
      renderer.event(event);
      if (event.type === "turn.completed") seen.push(renderer.status());
    }
    renderer.close();
    expect(seen).toEqual(["turn 1 · 15 tokens · 0.0s · thinking", "turn 2 · 42 tokens · 0.0s · writing"]);
    expect(out.text).toContain("\u001b[2mLook\u001b[22m");
    const rows = screenOf(out.text, 60).filter((row) => row !== "");
    expect(rows).toEqual([
      "> Look it up.",
      "> Then answer.",
      '→ lookup({"word":"loop"})',
      "→ broken({})",
      "← lookup: loop: a round trip (+2 lines)",
      '✗ broken: Tool "broken" failed: disk on fire',
      "A loop is a [31mround[0m trip.",
      "✓ done · 2 turns · 42 tokens · 0.0s",
    ]);
  });

  it("sends warnings and errors to stderr and keeps notices in the transcript", () => {
    const out = new FakeTTY();
    const err = new FakeTTY();
    const renderer = new TranscriptRenderer(out, err, { caps: { colors: false, live: false } });
    renderer.notice("openloop · m at http://x/v1");
    renderer.notice("Stopped: waiting for approval", "warn");
    renderer.notice("Failed (model_failed): boom", "error");
    expect(out.text).toBe("openloop · m at http://x/v1\n");
    expect(err.text).toBe("Stopped: waiting for approval\nFailed (model_failed): boom\n");
  });
});
