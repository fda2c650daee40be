/**
 * @module log/request-log — the one log entry of an HTTP request, written when its answer ended.
 */
import type { Logger } from "./logger.js";

/**
 * Collects a request's fields as it goes (`model`, `responseId`, `stream`, `error`, ...) and writes
 * them once: when the answer was sent, or, for a stream, when the stream ended (`defer()` hands
 * that moment to the route).
 */
export class RequestLog {
  readonly fields: Record<string, unknown>;
  readonly #logger: Logger;
  readonly #started = performance.now();
  #deferred = false;
  #written = false;

  constructor(logger: Logger, fields: Record<string, unknown>) {
    this.#logger = logger;
    this.fields = fields;
  }

  /** Whether the route will call `finish` itself (a stream). */
  get deferred(): boolean {
    return this.#deferred;
  }

  /** The route takes over: it calls `finish` when the stream ends. */
  defer(): void {
    this.#deferred = true;
  }

  /** Writes the entry (once). */
  finish(status: number, extra: Record<string, unknown> = {}): void {
    if (this.#written) return;
    this.#written = true;
    const level = status >= 500 ? "error" : status >= 400 ? "warn" : "info";
    this.#logger.log(level, "request", {
      ...this.fields,
      ...extra,
      status,
      durationMs: Math.round((performance.now() - this.#started) * 10) / 10,
    });
  }
}
