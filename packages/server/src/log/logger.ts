/**
 * @module log/logger — structured request logs: one JSON object per line.
 */

/** One log entry. `event` says what it is about; the other fields depend on it. */
export interface LogEntry {
  /** ISO 8601 time. */
  time: string;
  level: "info" | "warn" | "error";
  /** `request` (one per HTTP request, when its answer ended), `websocket`, `server`, ... */
  event: string;
  [field: string]: unknown;
}

/** Where log entries go. Must not throw (a throwing sink is ignored). */
export type LogSink = (entry: LogEntry) => void;

/** Writes each entry as one JSON line to stderr. */
export const stderrSink: LogSink = (entry) => {
  process.stderr.write(`${JSON.stringify(entry)}\n`);
};

/** A logger over a sink (or none: `false`), adding `time` and guarding against sink failures. */
export class Logger {
  readonly #sink: LogSink | undefined;

  constructor(sink: LogSink | false | undefined) {
    this.#sink = sink === false ? undefined : (sink ?? stderrSink);
  }

  log(level: LogEntry["level"], event: string, fields: Record<string, unknown>): void {
    if (this.#sink === undefined) return;
    try {
      this.#sink({ time: new Date().toISOString(), level, event, ...fields });
    } catch {
      // A broken log sink must not take a request down with it.
    }
  }
}
