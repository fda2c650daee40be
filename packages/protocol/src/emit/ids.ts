/**
 * @module emit/ids — ids for the response a writer emits and its items (`resp_…`, `msg_…`, `fc_…`, `rs_…`).
 */
import { randomBytes } from "node:crypto";

/**
 * Issues the ids of one response: a random base drawn once, then a counter, so an item id costs a
 * string concatenation instead of a random draw per item, and every id of a response shares its base.
 *
 * The base is drawn on first use: a writer replaying a response whose ids are all given (a
 * non-streamed answer turned into events, once per turn) never needs one, and a synchronous
 * random draw per writer was about 2% of such a turn's CPU.
 */
export class IdSource {
  #base: string | undefined;
  #next = 0;

  #draw(): string {
    this.#base ??= randomBytes(12).toString("hex");
    return this.#base;
  }

  /** The response id (`resp_<base>`). */
  response(): string {
    return `resp_${this.#draw()}`;
  }

  /** A fresh item id with the given prefix (`msg`, `fc`, `rs`, ...). */
  item(prefix: string): string {
    return `${prefix}_${this.#draw()}${(this.#next++).toString(36)}`;
  }
}
