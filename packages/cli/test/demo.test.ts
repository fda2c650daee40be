/**
 * `openloop demo` as a child process: the README's main-job command. No model server, no network:
 * a recorded session replayed over HTTP on 127.0.0.1, through the real loop and real tools.
 */
import { describe, expect, it } from "vitest";
import { parseLines, runCli } from "./support/cli.js";

describe("openloop demo", () => {
  it("replays the recorded session, labelled as a replay with its source, and checks each request", async () => {
    const run = await runCli(["demo"], { env: {} });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toContain(
      "openloop demo: a REPLAY of a real recorded model session. No model runs on this machine.",
    );
    expect(out).toContain("charmbracelet/fantasy");
    expect(out).toContain("Apache-2.0");
    // The recorded reasoning, quoted; the recorded preamble; the two parallel calls, computed here.
    expect(out).toContain("> The user wants me to both add and multiply the numbers 2 and 3.");
    expect(out).toContain("I'll both add and multiply the numbers 2 and 3 for you.");
    expect(out).toContain('→ add({"a":2,"b":3})\n→ multiply({"a":2,"b":3})');
    expect(out).toContain("← add: 5");
    expect(out).toContain("← multiply: 6");
    expect(out).toContain("✓ request 1 matches the recorded request 1 of 2");
    expect(out).toContain("✓ request 2 matches the recorded request 2 of 2");
    expect(out).toContain("- **Multiplication:** 2 × 3 = **6**");
    expect(out).toContain("Replay complete: 2 of 2 requests matched the recording");
    expect(out).not.toContain("\u001b"); // off a terminal: no escape codes
  });

  it("--json writes the run's events, one per line; the replay's notes go to stderr", async () => {
    const run = await runCli(["demo", "--json"], { env: {} });
    expect(run.code).toBe(0);
    const events = parseLines(run.stdout);
    expect(
      events
        .filter((e) => e.type === "tool_call.completed")
        .map((e) => (e.output as { output: string }).output),
    ).toEqual(["5", "6"]);
    expect(events.some((e) => e.type === "response.reasoning.delta")).toBe(true);
    expect(events.at(-1)).toMatchObject({
      type: "run.completed",
      result: { turns: 2, usage: { total_tokens: 861 } },
    });
    expect(run.stderr).toContain("✓ request 2 matches the recorded request 2 of 2");
  });
});
