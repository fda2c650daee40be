/**
 * @module pool/crash-breaker — backoff and a circuit breaker for workers that fail to start.
 *
 * A worker that dies while running code is the code's doing (a memory bomb, say): it is replaced
 * at once and the run reports why. A worker that dies before it is ready is the environment's
 * doing (isolated-vm missing or built for another Node, a bad flag): respawning it in a tight loop
 * would burn the machine, so each consecutive failure doubles the delay before the next attempt,
 * and after `maxFailures` the breaker opens — runs fail fast with a clear error — until
 * `cooldownMs` has passed and one more attempt is allowed.
 */

const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 5_000;

export class CrashBreaker {
  #failures = 0;
  #openedAt = 0;
  #lastError = "";
  readonly #maxFailures: number;
  readonly #cooldownMs: number;
  readonly #now: () => number;

  constructor(maxFailures: number, cooldownMs: number, now: () => number = Date.now) {
    this.#maxFailures = maxFailures;
    this.#cooldownMs = cooldownMs;
    this.#now = now;
  }

  /** A worker died before it was ready. */
  recordFailure(error: string): void {
    this.#failures++;
    this.#lastError = error;
    if (this.#failures >= this.#maxFailures) this.#openedAt = this.#now();
  }

  /** A worker became ready: the environment works. */
  recordSuccess(): void {
    this.#failures = 0;
    this.#lastError = "";
  }

  /** True while runs should fail fast; false again once the cooldown allows another attempt. */
  get isOpen(): boolean {
    return this.#failures >= this.#maxFailures && this.#now() - this.#openedAt < this.#cooldownMs;
  }

  /**
   * Delay before the next start attempt: 0 after a success, then 100 ms doubling up to 5 s; 0 again
   * once an open breaker's cooldown has passed (the cooldown was the wait).
   */
  nextDelayMs(): number {
    if (this.#failures === 0 || this.#failures >= this.#maxFailures) return 0;
    return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (this.#failures - 1));
  }

  get consecutiveFailures(): number {
    return this.#failures;
  }

  /** What the last failed worker said (its stderr tail). */
  get lastError(): string {
    return this.#lastError;
  }
}
