/**
 * @module store/memory — a `ResponseStore` in memory (tests, and servers that need no restart).
 */
import type { ResponseStore, StoredResponse } from "./store.js";

/**
 * Keeps responses in a `Map`, as JSON text (so a stored record never aliases a live object), up to
 * `maxEntries` (the oldest are dropped first).
 */
export class MemoryStore implements ResponseStore {
  readonly #records = new Map<string, string>();
  readonly #max: number;

  /** @param options.maxEntries Most responses kept. @default 10000 */
  constructor(options: { maxEntries?: number } = {}) {
    this.#max = options.maxEntries ?? 10_000;
  }

  async get(id: string): Promise<StoredResponse | undefined> {
    const json = this.#records.get(id);
    return json === undefined ? undefined : (JSON.parse(json) as StoredResponse);
  }

  async put(record: StoredResponse): Promise<void> {
    this.#records.delete(record.id);
    this.#records.set(record.id, JSON.stringify(record));
    if (this.#records.size > this.#max) {
      const oldest = this.#records.keys().next().value;
      if (oldest !== undefined) this.#records.delete(oldest);
    }
  }

  async close(): Promise<void> {}
}
