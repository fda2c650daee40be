/** @module bench/sandbox/result — the JSON `sandbox.bench.ts` prints. */

export interface Timing {
  median: number;
  p95: number;
}

export interface SandboxComparison {
  sandboxMs: Timing;
  floorMs: Timing;
  ratio: number;
}

export interface SandboxBenchResult {
  benchmark: "sandbox";
  node: string;
  isolatedVm: string;
  cores: number;
  workers: number;
  code: string;
  note: string;
  /** A new `Sandbox` (worker process start-up included), its first run, `close()`. */
  coldRun: SandboxComparison;
  /** A run on a started sandbox: a fresh isolate each time. */
  warmRun: SandboxComparison;
  warmSessionCell: SandboxComparison;
  parallelThroughput: { runs: number; sandboxRunsPerSec: number; floorRunsPerSec: number; ratio: number };
}
