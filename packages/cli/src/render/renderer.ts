/**
 * @module render/renderer — what a command hands the run's events to.
 */
import type { RunEvent } from "@openloop/core";

/**
 * Shows a run: `event()` for every `RunEvent` (hot: called per text delta), `notice()` for the
 * command's own messages (state saved, resuming, failures), `close()` once at the end.
 */
export interface Renderer {
  event(event: RunEvent): void;
  /** A message from the command itself. `level` picks the style (and, for JSONL, stays on stderr). */
  notice(text: string, level?: "info" | "warn" | "error" | "success"): void;
  close(): void;
}
