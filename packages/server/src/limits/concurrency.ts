/**
 * @module limits/concurrency — at most N responses in flight; the rest are told to come back later.
 */
import { OpenloopError } from "@openloop/protocol";

/**
 * A counter of responses in flight. A request over the limit is answered at once with 429 and
 * `Retry-After` rather than queued: the client (the `openai` SDK retries 429s by itself) is better
 * placed to wait than a server holding sockets open.
 */
export class ConcurrencyLimit {
  readonly max: number;
  readonly retryAfterSeconds: number;
  #active = 0;

  /** @throws {OpenloopError} `invalid_config` for a limit that is not an integer from 1 up. */
  constructor(max: number, retryAfterSeconds = 1) {
    if (!(Number.isInteger(max) && max >= 1) && max !== Number.POSITIVE_INFINITY)
      throw new OpenloopError(
        "invalid_config",
        `Expected \`maxConcurrent\` to be an integer from 1 and up, got \`${max}\``,
        {
          param: "maxConcurrent",
        },
      );
    this.max = max;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Responses in flight now. */
  get active(): number {
    return this.#active;
  }

  /**
   * Takes a slot; returns its release function (safe to call more than once).
   * @throws {OpenloopError} `rate_limited` when every slot is taken.
   */
  acquire(): () => void {
    if (this.#active >= this.max) {
      throw new OpenloopError(
        "rate_limited",
        `Too many responses in flight (the limit is ${this.max}). Retry after ${this.retryAfterSeconds} s.`,
        { details: { retryAfterSeconds: this.retryAfterSeconds } },
      );
    }
    this.#active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#active--;
    };
  }
}
