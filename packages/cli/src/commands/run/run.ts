/**
 * @module commands/run/run — `openloop run "task"`: one headless run, streamed, with an exit code.
 */
import { type RunResult, RunState, runStream } from "@openloop/core";
import { type ExitCode, usageError } from "../../exit-codes.js";
import type { CliIO } from "../../io.js";
import { resolveProvider } from "../../provider/resolve.js";
import { JsonlRenderer } from "../../render/jsonl.js";
import type { Renderer } from "../../render/renderer.js";
import { terminalCaps } from "../../render/style.js";
import { TranscriptRenderer } from "../../render/transcript.js";
import { selectTools } from "../../tools/select.js";
import { buildAgent } from "./agent.js";
import { applyFlagDecisions, askApprovals } from "./approvals.js";
import { prepareFileFlag } from "./file-flags.js";
import { finish } from "./finish.js";
import { approveMode, type RunFlags, settingsFrom } from "./settings.js";
import { loadRun } from "./state-file.js";

/** Runs `openloop run`. Never throws for a run's failure: that is an exit code. */
export async function runCommand(
  taskWords: readonly string[],
  flags: RunFlags,
  io: CliIO,
): Promise<ExitCode> {
  const task = taskWords.join(" ").trim();
  const approve = approveMode(flags.approve);
  if (flags.resume === undefined) {
    if (task === "") throw usageError('Missing the task: openloop run "what to do" (or --resume STATE).');
    if (flags.approveAll || (flags.reject?.length ?? 0) > 0)
      throw usageError("--approve-all and --reject decide on a saved run: use them with --resume STATE.");
  } else if (task !== "") throw usageError("Give either a task or --resume STATE, not both.");

  const saved = flags.resume === undefined ? undefined : await loadRun(flags.resume);
  // Checked before any model call: a bad path is a usage error now, not lost work at the end.
  const files = {
    output: flags.output === undefined ? undefined : await prepareFileFlag("--output", flags.output, io.cwd),
    state:
      flags.stateFile === undefined
        ? undefined
        : await prepareFileFlag("--state-file", flags.stateFile, io.cwd),
  };
  const settings = settingsFrom(flags, io.cwd, saved?.settings);
  const provider = await resolveProvider(
    {
      model: flags.model ?? (flags.baseUrl === undefined ? saved?.provider.model : undefined),
      baseUrl: flags.baseUrl ?? (flags.model === undefined ? saved?.provider.baseURL : undefined),
      wire: flags.wire ?? saved?.provider.wire,
    },
    io.env,
  );
  const selection = selectTools(settings.tools, {
    workspace: settings.workspace,
    approve,
    ...(settings.allowShell ? { allowShell: settings.allowShell } : {}),
    ...(settings.allowWrite ? { allowWrite: settings.allowWrite } : {}),
  });
  const agent = buildAgent(settings, provider.model, selection.tools, selection.names);

  let input: string | RunState = task;
  if (saved) {
    const state = RunState.fromJSON(saved.state as object, agent);
    applyFlagDecisions(state, { approveAll: flags.approveAll === true, reject: flags.reject ?? [] });
    input = state;
  }

  const caps = terminalCaps(io.stdout, io.env);
  const renderer: Renderer = flags.json
    ? new JsonlRenderer(io.stdout, io.stderr)
    : new TranscriptRenderer(io.stdout, io.stderr, { caps });
  if (!flags.json) {
    renderer.notice(`openloop · ${provider.label} · tools: ${selection.names.join(", ") || "none"}`);
    if (provider.note) renderer.notice(provider.note);
  } else if (provider.note) io.stderr.write(`${provider.note}\n`);

  const controller = new AbortController();
  const onSigint = (): void => controller.abort(new Error("Interrupted (Ctrl-C)."));
  process.once("SIGINT", onSigint);
  try {
    let outcome: RunResult | unknown;
    for (;;) {
      const stream = runStream(agent, input, { signal: controller.signal });
      for await (const event of stream) renderer.event(event);
      outcome = await stream.result.then(
        (result) => result,
        (error: unknown) => error,
      );
      const result = outcome as RunResult;
      // On a terminal, `--approve prompt` asks and goes on; anywhere else the run stops, saved.
      if (result?.status !== "interrupted" || approve !== "prompt" || io.stdin.isTTY !== true) break;
      renderer.close();
      if (!(await askApprovals(result.state, io.stdin, io.stderr, caps.colors))) break;
      input = result.state;
    }
    return await finish(outcome, {
      io,
      files,
      renderer,
      settings,
      provider: provider.saved,
      task: saved?.task ?? task,
    });
  } finally {
    process.removeListener("SIGINT", onSigint);
    renderer.close();
    await selection.close();
  }
}
