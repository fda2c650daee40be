/**
 * @module session/session — `Session`: where a conversation's items live between runs.
 */
import type { RunItem } from "../state/data.js";

/**
 * A conversation's memory: the items of every completed turn, in order. Pass one to a run
 * (`run(agent, input, { session })`) and the run starts from the stored items, then appends its
 * own, one completed turn at a time.
 *
 * Contract:
 * - `getItems()` resolves with every stored item, oldest first, exactly as added (same fields,
 *   same order: replay depends on ids, reasoning blobs and call/output pairs arriving intact).
 * - `addItems(items)` appends all of `items` or none of them, even if the process dies meanwhile:
 *   the loop calls it once per completed turn (the turn's input, output items and tool outputs
 *   together), so a store that writes atomically never holds half a turn. It must not keep a
 *   reference it later mutates; the loop never mutates what `getItems()` returned.
 * - `clear()` removes every item.
 * - Failures reject (the run fails with code `session_error`); items are plain JSON values.
 *
 * Implementations: {@link MemorySession} here; `SqliteSession` from `@openloop/core/sqlite-session`.
 */
export interface Session {
  /** Every stored item, oldest first. */
  getItems(): Promise<RunItem[]>;
  /** Appends items atomically (all or none). */
  addItems(items: readonly RunItem[]): Promise<void>;
  /** Removes every item. */
  clear(): Promise<void>;
}
