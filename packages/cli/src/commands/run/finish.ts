/**
 * @module commands/run/finish — the end of a run: the exit code, `--output`, the saved state and
 * the words that say what happened and what to do next.
 */
import { writeFile } from "node:fs/promises";
import type { RunError, RunResult } from "@openloop/core";
import { EXIT, type ExitCode, exitCodeFor } from "../../exit-codes.js";
import type { CliIO } from "../../io.js";
import type { SavedProvider } from "../../provider/resolve.js";
import type { Renderer } from "../../render/renderer.js";
import { fsReason } from "./file-flags.js";
import type { RunSettings } from "./settings.js";
import { defaultStatePath, saveRun } from "./state-file.js";

/** What {@link finish} needs besides the outcome. */
export interface FinishContext {
  io: CliIO;
  /** `--output` and `--state-file`, absolute (see `prepareFileFlag`). */
  files: { output: string | undefined; state: string | undefined };
  renderer: Renderer;
  settings: RunSettings;
  provider: SavedProvider;
  task: string;
}

/** Reports `outcome` (a `RunResult`, or the error the run failed with) and returns the exit code. */
export async function finish(outcome: RunResult | unknown, ctx: FinishContext): Promise<ExitCode> {
  const { renderer, files } = ctx;
  const code = exitCodeFor(outcome);
  if (code === EXIT.done) {
    const result = outcome as RunResult;
    if (files.output !== undefined) {
      try {
        await writeFile(files.output, result.finalOutput ?? "");
      } catch (error) {
        renderer.notice(
          `The run is done, but its final answer could not be written to ${files.output} (${fsReason(error)}).`,
          "error",
        );
        return EXIT.failed;
      }
      renderer.notice(`Final answer written to ${files.output}.`);
    }
    return code;
  }
  if (code === EXIT.approval) {
    const result = outcome as RunResult;
    const path = await save(result, ctx);
    if (path === undefined) return EXIT.failed;
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
    if (path === undefined) return EXIT.failed;
    const more = largerBudget(error, ctx.settings);
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

/**
 * The flag that lets a resumed run go on after `error` stopped it. Budgets carry over (turns,
 * tokens and time already spent count), so resuming with the same one would stop again at once.
 */
function largerBudget(error: RunError, settings: RunSettings): string {
  if (error.code === "max_turns_exceeded") return ` --max-turns ${settings.maxTurns + DEFAULT_MORE_TURNS}`;
  const budget = (error.details as { budget?: string } | undefined)?.budget;
  if (budget === "tokens" && settings.maxTokens !== undefined)
    return ` --max-tokens ${settings.maxTokens * 2}`;
  if (budget === "time" && settings.timeoutMs !== undefined)
    return ` --timeout ${Math.ceil(settings.timeoutMs / 1000) * 2}`;
  return "";
}

/** Saves the run's state; `undefined` (with the reason said) when it cannot be written. */
async function save(result: RunResult, ctx: FinishContext): Promise<string | undefined> {
  const path = ctx.files.state ?? defaultStatePath(ctx.io.cwd);
  try {
    return await saveRun(path, {
      task: ctx.task,
      provider: ctx.provider,
      settings: ctx.settings,
      pending: result.interruptions,
      state: result.state,
    });
  } catch (error) {
    ctx.renderer.notice(
      `The run stopped (${result.stopReason.message}), but its state could not be saved to ${path} ` +
        `(${fsReason(error)}), so it cannot be resumed.`,
      "error",
    );
    return undefined;
  }
}
