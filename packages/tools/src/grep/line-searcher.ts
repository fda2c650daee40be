/**
 * Runs a regular expression over lines of text in a worker thread. A model can write a pattern
 * that backtracks for minutes (`(a+)+$`); in a worker that costs a thread we can terminate, not
 * the event loop every other run shares.
 */
import { Worker } from "node:worker_threads";

/** One matching line: workspace-relative path, 1-based line number, the line (maybe shortened). */
export type LineMatch = [path: string, line: number, text: string];

/** A file to search: its UTF-8 bytes. */
export interface SearchFile {
  path: string;
  data: Uint8Array;
}

// Plain JavaScript, evaluated as the worker's script: a worker cannot load this package's
// TypeScript source, and this way the same code runs from source and from the build.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const regex = new RegExp(workerData.source, workerData.flags);
const maxLine = workerData.maxLine;
parentPort.on("message", ({ files, limit }) => {
  const matches = [];
  for (const { path, data } of files) {
    const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("utf8");
    for (let start = 0, line = 1; start < text.length; line++) {
      let end = text.indexOf("\\n", start);
      if (end === -1) end = text.length;
      let s = text.slice(start, text.charCodeAt(end - 1) === 13 && end > start ? end - 1 : end);
      if (regex.test(s)) {
        if (s.length > maxLine) s = s.slice(0, maxLine) + " [… line shortened]";
        matches.push([path, line, s]);
        if (matches.length >= limit) return parentPort.postMessage(matches);
      }
      start = end + 1;
    }
  }
  parentPort.postMessage(matches);
});
`;

/** A worker holding one compiled pattern; search batches of files with it, then `close()` it. */
export class LineSearcher {
  readonly #worker: Worker;
  #failure: Error | undefined;
  #waiting: ((outcome: { matches?: LineMatch[]; error?: Error }) => void) | undefined;

  constructor(regex: RegExp, maxLine: number) {
    this.#worker = new Worker(WORKER, {
      eval: true,
      workerData: { source: regex.source, flags: regex.flags.replace(/[gy]/g, ""), maxLine },
      // The worker only needs a regex engine; keep it small.
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    this.#worker.on("message", (matches: LineMatch[]) => this.#settle({ matches }));
    this.#worker.on("error", (error) => this.#settle({ error }));
    this.#worker.on("exit", () => this.#settle({ error: new Error("the search worker stopped") }));
  }

  /**
   * The first `limit` matching lines of `files`, in order. Rejects with `signal.reason` when the
   * signal aborts (the worker is then terminated: a runaway pattern stops at once).
   */
  search(files: readonly SearchFile[], limit: number, signal: AbortSignal): Promise<LineMatch[]> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<LineMatch[]>((resolve, reject) => {
      const onAbort = () => {
        this.#failure = signal.reason;
        void this.#worker.terminate();
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.#waiting = ({ matches, error }) => {
        signal.removeEventListener("abort", onAbort);
        if (matches) resolve(matches);
        else reject(signal.aborted ? signal.reason : error);
      };
      this.#worker.postMessage({ files, limit });
    });
  }

  /** Stops the worker. */
  close(): void {
    void this.#worker.terminate();
  }

  #settle(outcome: { matches?: LineMatch[]; error?: Error }): void {
    if (outcome.error) this.#failure ??= outcome.error;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.(outcome);
  }
}
