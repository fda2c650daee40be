/**
 * @module commands/run/finish — the end of a run: the exit code, `--output`, the saved state and
 * the words that say what happened and what to do next.
 */
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { RunError, RunResult } from "@openloop/core";
import { EXIT, type ExitCode, exitCodeFor } from "../../exit-codes.js";
import type { CliIO } from "../../io.js";
import type { SavedProvider } from "../../provider/resolve.js";
import type { Renderer } from "../../render/renderer.js";
import type { RunFlags, RunSettings } from "./settings.js";
import { defaultStatePath, saveRun } from "./state-file.js";

/** What {@link finish} needs besides the outcome. */
export interface FinishContext {
  io: CliIO;
  flags: RunFlags;
  renderer: Renderer;
  settings: RunSettings;
  provider: SavedProvider;
  task: string;
}

/** Reports `outcome` (a `RunResult`, or the error the run failed with) and returns the exit code. */
export async function finish(outcome: RunResult | unknown, ctx: FinishContext): Promise<ExitCode> {
  const { renderer, flags } = ctx;
  const code = exitCodeFor(outcome);
  if (code === EXIT.done) {
    const result = outcome as RunResult;
    if (flags.output !== undefined) {
      const path = resolve(ctx.io.cwd, flags.output);
      await writeFile(path, result.finalOutput ?? "");
      renderer.notice(`Final answer written to ${path}.`);
    }
    return code;
  }
  if (code === EXIT.approval) {
    const result = outcome as RunResult;
    const path = await save(result, ctx);
    const waiting = result.interruptions.map((call) => `${call.name} (${call.callId})`).join(", ");
    renderer.notice(
      `Stopped: waiting for approval of ${waiting}.\nState saved to ${path}\n` +
        `Resume with: openloop run --resume ${path} --approve-all   (or --reject CALL_ID ...)`,
      "warn",
    );
    return code;
  }
  const error = outcome as RunError;
  if (code === EXIT.stopped) {
    const path = await save(error.result, ctx);
    const more =
      error.code === "max_turns_exceeded" ? ` --max-turns ${ctx.settings.maxTurns + DEFAULT_MORE_TURNS}` : "";
    renderer.notice(
      `Stopped (${error.code}): ${error.message}\nState saved to ${path}\nContinue with: openloop run --resume ${path}${more}`,
      "warn",
    );
    return code;
  }
  renderer.notice(
    `Failed (${(error as { code?: string }).code ?? "error"}): ${(error as Error).message ?? String(error)}`,
    "error",
  );
  return code;
}

const DEFAULT_MORE_TURNS = 20;

async function save(result: RunResult, ctx: FinishContext): Promise<string> {
  return saveRun(ctx.flags.stateFile ?? defaultStatePath(ctx.io.cwd), {
    task: ctx.task,
    provider: ctx.provider,
    settings: ctx.settings,
    pending: result.interruptions,
    state: result.state,
  });
}
