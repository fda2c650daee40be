/**
 * @module commands/demo/demo — `openloop demo`: a real recorded model session replayed through
 * the real loop, with real tools, over real HTTP, every request checked against the recording.
 * Needs no model server and no network, so it runs on a fresh clone.
 */
import { fileURLToPath } from "node:url";
import { Agent, type RunEvent, type RunResult, runStream } from "@openloop/core";
import { EXIT, type ExitCode } from "../../exit-codes.js";
import type { CliIO } from "../../io.js";
import { modelForWire } from "../../provider/wire.js";
import { JsonlRenderer } from "../../render/jsonl.js";
import type { Renderer } from "../../render/renderer.js";
import { terminalCaps } from "../../render/style.js";
import { TranscriptRenderer } from "../../render/transcript.js";
import { loadCassette } from "./cassette.js";
import { startReplayServer } from "./replay-server.js";
import { chatSubstance, describeDifference } from "./substance.js";
import { add, multiply } from "./tools.js";

/** The session the demo replays, and where it comes from (see `recordings/SOURCE.md`). */
export const RECORDING = {
  file: fileURLToPath(
    new URL(
      "../../../recordings/TestOpenAICompatibleCommon__zai-glm-4-7-flash__multi_tool_streaming.yaml",
      import.meta.url,
    ),
  ),
  title: "Z.ai glm-4.7-flash over Chat Completions: reasoning, then two parallel tool calls, then the answer",
  source:
    "charmbracelet/fantasy, providertests/testdata/TestOpenAICompatibleCommon/zai-glm-4-7-flash/multi_tool_streaming.yaml " +
    "@ f6d4d1e3 (Apache-2.0, Copyright 2025-2026 Charmbracelet, Inc.)",
  wire: "chat-completions",
} as const;

/** Flags of `openloop demo`. */
export interface DemoFlags {
  json?: boolean;
}

/**
 * Runs the demo; exit 0 when every request matched the recording and the run completed.
 * `recording` replaces the cassette (tests use it to show a mismatch is caught).
 */
export async function demoCommand(
  flags: DemoFlags,
  io: CliIO,
  recording: string = RECORDING.file,
): Promise<ExitCode> {
  const exchanges = await loadCassette(recording);
  const first = chatSubstance(exchanges[0]?.request) as {
    model: string;
    messages: { role: string; content: string }[];
  };
  const instructions = first.messages.find((m) => m.role === "system")?.content;
  const task = first.messages.find((m) => m.role === "user")?.content ?? "";

  const caps = terminalCaps(io.stdout, io.env);
  // On a terminal, frames arrive a little apart so the stream can be watched; elsewhere at once.
  const replay = await startReplayServer(exchanges, {
    substance: chatSubstance,
    frameDelayMs: caps.live ? 15 : 0,
  });
  const renderer: Renderer = flags.json
    ? new JsonlRenderer(io.stdout, io.stderr)
    : new TranscriptRenderer(io.stdout, io.stderr, { caps });
  try {
    const basePath = exchanges[0]!.path.replace(/\/chat\/completions$/, "");
    const agent = new Agent({
      name: "demo",
      ...(instructions ? { instructions } : {}),
      model: modelForWire({
        wire: RECORDING.wire,
        baseURL: `${replay.origin}${basePath}`,
        model: first.model,
      }),
      tools: [add, multiply],
      toolChoice: "auto",
      modelSettings: { max_output_tokens: 4000 },
      maxTurns: exchanges.length,
    });
    renderer.notice(
      [
        "openloop demo: a REPLAY of a real recorded model session. No model runs on this machine.",
        `  recording  ${RECORDING.title}`,
        `  source     ${RECORDING.source}`,
        `  live here  the openloop loop, the ${RECORDING.wire} adapter, the add and multiply tools, HTTP on ${replay.origin}`,
        `  checked    every request the loop sends against the recorded request`,
        `  task       ${task}`,
      ].join("\n"),
    );

    const stream = runStream(agent, task);
    for await (const event of stream) {
      renderer.event(event as RunEvent);
      if (event.type === "turn.completed") {
        const check = replay.checks[event.turn - 1];
        if (check && check.differences.length === 0)
          renderer.notice(
            `✓ request ${event.turn} matches the recorded request ${event.turn} of ${exchanges.length}`,
            "success",
          );
      }
    }
    const outcome = await stream.result.then(
      (result: RunResult) => result,
      (error: unknown) => error,
    );
    const mismatched = replay.checks.filter((check) => check.differences.length > 0);
    if (mismatched.length > 0) {
      for (const check of mismatched)
        renderer.notice(
          `✗ request ${check.turn} differs from the recording:\n${check.differences.map((d) => `    ${describeDifference(d)}`).join("\n")}`,
          "error",
        );
      return EXIT.failed;
    }
    const result = outcome as RunResult;
    if (result?.status !== "completed" || replay.checks.length !== exchanges.length) {
      renderer.notice(
        `✗ The replay did not complete: ${(outcome as Error)?.message ?? result?.stopReason?.message ?? "unknown"}`,
        "error",
      );
      return EXIT.failed;
    }
    renderer.notice(
      `Replay complete: ${replay.checks.length} of ${exchanges.length} requests matched the recording; the tools ran for real. ` +
        "Try it with a model of your own: openloop run --help",
      "success",
    );
    return EXIT.done;
  } finally {
    renderer.close();
    await replay.close();
  }
}
