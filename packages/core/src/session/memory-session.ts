/**
 * @module session/memory-session — a `Session` in memory, for tests, scripts and short-lived chats.
 */
import type { RunItem } from "../state/data.js";
import type { Session } from "./session.js";

/**
 * A {@link Session} held in this process's memory (lost when it exits). Items are kept by
 * reference, as given: they are never mutated, and `getItems()` returns a new array each time.
 *
 * @example
 * ```ts
 * const session = new MemorySession();
 * await run(agent, "I am Ada.", { session });
 * const second = await run(agent, "What is my name?", { session }); // sees the first exchange
 * ```
 */
export class MemorySession implements Session {
  #items: RunItem[];

  /** @param items Items to start with (copied into the session's own list). */
  constructor(items: readonly RunItem[] = []) {
    this.#items = [...items];
  }

  async getItems(): Promise<RunItem[]> {
    return this.#items.slice();
  }

  async addItems(items: readonly RunItem[]): Promise<void> {
    // One push: a turn's items are added together (there is no await between them).
    this.#items.push(...items);
  }

  async clear(): Promise<void> {
    this.#items = [];
  }
}
