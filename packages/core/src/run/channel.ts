/**
 * @module run/channel — the queue between the loop (producer) and a `runStream` consumer.
 *
 * Events are buffered until read. Once someone iterates, a consumer that falls behind by
 * {@link HIGH_WATER_MARK} events holds the loop back (the model stream is then read no faster than
 * the consumer reads); before anyone iterates nothing is held back, so awaiting only `result` works.
 */
import type { EventSink, RunEvent } from "../events/run-event.js";

/** Events buffered before a consumer that iterates holds the loop back. */
export const HIGH_WATER_MARK = 256;

export class EventChannel implements EventSink {
  #buffer: RunEvent<unknown>[] = [];
  #head = 0;
  #closed = false;
  #iterating = false;
  #reader: ((result: IteratorResult<RunEvent<unknown>>) => void) | undefined;
  #drained: { promise: Promise<void>; resolve: () => void } | undefined;

  push(event: RunEvent<unknown>): void {
    if (this.#closed) return;
    const reader = this.#reader;
    if (reader !== undefined) {
      this.#reader = undefined;
      reader({ value: event, done: false });
      return;
    }
    this.#buffer.push(event);
  }

  ready(): Promise<void> | undefined {
    if (!this.#iterating || this.#size() < HIGH_WATER_MARK) return undefined;
    if (this.#drained === undefined) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      this.#drained = { promise, resolve };
    }
    return this.#drained.promise;
  }

  /** No more events: pending and later reads end. Releases a held-back producer. */
  close(): void {
    this.#closed = true;
    this.#release();
    const reader = this.#reader;
    if (reader !== undefined && this.#size() === 0) {
      this.#reader = undefined;
      reader({ value: undefined, done: true });
    }
  }

  /** Marks the start of iteration (from then on a slow consumer holds the loop back). */
  startIterating(): void {
    this.#iterating = true;
  }

  /** Stops holding the loop back (the consumer left). */
  stopIterating(): void {
    this.#iterating = false;
    this.#release();
  }

  next(): Promise<IteratorResult<RunEvent<unknown>>> {
    if (this.#size() > 0) {
      const value = this.#buffer[this.#head]!;
      this.#buffer[this.#head++] = undefined as never;
      if (this.#head > 1024 && this.#head * 2 > this.#buffer.length) {
        this.#buffer = this.#buffer.slice(this.#head);
        this.#head = 0;
      }
      if (this.#drained !== undefined && this.#size() <= HIGH_WATER_MARK / 2) this.#release();
      return Promise.resolve({ value, done: false });
    }
    if (this.#closed) return Promise.resolve({ value: undefined, done: true });
    this.#release();
    return new Promise((resolve) => {
      this.#reader = resolve;
    });
  }

  #size(): number {
    return this.#buffer.length - this.#head;
  }

  #release(): void {
    const drained = this.#drained;
    if (drained !== undefined) {
      this.#drained = undefined;
      drained.resolve();
    }
  }
}
