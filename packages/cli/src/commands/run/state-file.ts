/**
 * @module commands/run/state-file — a paused or stopped run on disk, to resume with `--resume`.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { PendingApproval, RunState } from "@openloop/core";
import { usageError } from "../../exit-codes.js";
import type { SavedProvider } from "../../provider/resolve.js";
import type { RunSettings } from "./settings.js";

const KIND = "openloop.run";
const VERSION = 1;

/**
 * The file: what the run was asked, how to reach its model again (never a key), its settings, the
 * calls waiting for a decision (for people reading it), and the `RunState` itself.
 */
export interface SavedRun {
  kind: typeof KIND;
  version: typeof VERSION;
  savedAt: string;
  task: string;
  provider: SavedProvider;
  settings: RunSettings;
  pending: { callId: string; name: string; arguments: string }[];
  /** `RunState.toJSON()`. */
  state: unknown;
}

/** The default file for a run saved now: `.openloop/run-<time>.json` under `cwd`. */
export function defaultStatePath(cwd: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  return resolve(cwd, ".openloop", `run-${stamp}.json`);
}

/** Writes the run to `path` (creating its directory) and returns the absolute path. */
export async function saveRun(
  path: string,
  run: Omit<SavedRun, "kind" | "version" | "savedAt" | "pending" | "state"> & {
    state: RunState;
    pending: readonly PendingApproval[];
  },
): Promise<string> {
  const file: SavedRun = {
    kind: KIND,
    version: VERSION,
    savedAt: new Date().toISOString(),
    task: run.task,
    provider: run.provider,
    settings: run.settings,
    pending: run.pending.map(({ callId, name, arguments: args }) => ({ callId, name, arguments: args })),
    state: run.state.toJSON(),
  };
  const absolute = resolve(path);
  await mkdir(dirname(absolute), { recursive: true });
  await writeFile(absolute, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  return absolute;
}

/** Reads a saved run; a missing or foreign file is a usage error that says what is wrong. */
export async function loadRun(path: string): Promise<SavedRun> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw usageError(
      `Cannot read --resume ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
  let data: Partial<SavedRun>;
  try {
    data = JSON.parse(text) as Partial<SavedRun>;
  } catch {
    throw usageError(`--resume ${path} is not JSON: expected a state file written by \`openloop run\`.`);
  }
  if (data?.kind !== KIND)
    throw usageError(`--resume ${path} is not an openloop run state file (no "kind": "${KIND}").`);
  if (data.version !== VERSION)
    throw usageError(
      `--resume ${path} has format version ${String(data.version)}; this openloop reads version ${VERSION}.`,
    );
  if (
    typeof data.task !== "string" ||
    typeof data.provider?.model !== "string" ||
    data.settings === undefined
  )
    throw usageError(`--resume ${path} is incomplete (task, provider or settings missing).`);
  return data as SavedRun;
}
