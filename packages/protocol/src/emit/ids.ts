/**
 * @module emit/ids — ids for the response a writer emits and its items (`resp_…`, `msg_…`, `fc_…`, `rs_…`).
 */
import { randomBytes } from "node:crypto";

/**
 * Issues the ids of one response: a random base drawn once, then a counter, so an item id costs a
 * string concatenation instead of a random draw per item, and every id of a response shares its base.
 */
export class IdSource {
  readonly #base: string;
  #next = 0;

  constructor() {
    this.#base = randomBytes(12).toString("hex");
  }

  /** The response id (`resp_<base>`). */
  response(): string {
    return `resp_${this.#base}`;
  }

  /** A fresh item id with the given prefix (`msg`, `fc`, `rs`, ...). */
  item(prefix: string): string {
    return `${prefix}_${this.#base}${(this.#next++).toString(36)}`;
  }
}
