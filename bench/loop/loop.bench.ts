/**
 * @module bench/loop/loop.bench — the loop benchmark: every contender against the same bench
 * server, each in its own child process, interleaved in rounds (the order rotates every round),
 * medians across rounds.
 *
 * Run alone: node --conditions=source --import tsx bench/loop/loop.bench.ts [--quick] [--rounds N]
 * (prints one JSON object); `pnpm bench` runs it with the rest.
 */
import { besides, runJson, startJson } from "../support/child.js";
import { median, round } from "../support/stats.js";
import { CONTENDERS, type ContenderName } from "./contenders/index.js";

/** What `worker.ts` prints for one contender in one round. */
export interface WorkerResult {
  contender: ContenderName;
  importMs: number;
  importRssMB: number;
  a: { runs: number; latencyMs: number; runsPerSec: number; cpuMs: number; cpuPerTurnMs: number };
  aj: { runs: number; latencyMs: number; runsPerSec: number; cpuMs: number; cpuPerTurnMs: number };
  b: { runs: number; latencyMs: number; runsPerSec: number; cpuMs: number };
  concurrent: { concurrency: number; runs: number; runsPerSec: number; cpuMs: number; cpuPerTurnMs: number };
  peakRssMB: number;
}

/** The medians across rounds of one contender. */
export interface ContenderSummary {
  /** CPU per turn (per request) of workload A, streamed, ms. */
  cpuPerTurnA: number;
  /** CPU per turn of workload Aj, non-streaming, ms. */
  cpuPerTurnAj: number;
  /** CPU for one run of workload B (2,000 deltas), ms. */
  cpuB: number;
  /** CPU per delta of workload B, µs. */
  cpuPerDeltaUs: number;
  /** Workload A runs per second, one at a time. */
  runsPerSec1: number;
  /** Workload A runs per second, `concurrency` at a time. */
  runsPerSecN: number;
  /** CPU per turn of workload A under that load, ms. */
  cpuPerTurnN: number;
  /** Peak RSS of the process, MB. */
  peakRssMB: number;
  /** RSS added by importing the framework, MB. */
  importRssMB: number;
  /** Time to import the framework, ms. */
  importMs: number;
}

export interface LoopBenchResult {
  rounds: number;
  concurrency: number;
  contenders: Partial<Record<ContenderName, ContenderSummary>>;
  /** Every worker's raw result, round by round. */
  raw: WorkerResult[][];
}

/** Where each summary figure comes from in one worker's result. */
const PICK: Record<keyof ContenderSummary, (r: WorkerResult) => number> = {
  cpuPerTurnA: (r) => r.a.cpuPerTurnMs,
  cpuPerTurnAj: (r) => r.aj.cpuPerTurnMs,
  cpuB: (r) => r.b.cpuMs,
  cpuPerDeltaUs: (r) => (r.b.cpuMs * 1000) / 2000,
  runsPerSec1: (r) => r.a.runsPerSec,
  runsPerSecN: (r) => r.concurrent.runsPerSec,
  cpuPerTurnN: (r) => r.concurrent.cpuPerTurnMs,
  peakRssMB: (r) => r.peakRssMB,
  importRssMB: (r) => r.importRssMB,
  importMs: (r) => r.importMs,
};

function summarize(results: WorkerResult[]): ContenderSummary {
  const summary = {} as ContenderSummary;
  for (const key of Object.keys(PICK) as (keyof ContenderSummary)[])
    summary[key] = round(median(results.map(PICK[key])));
  return summary;
}

/**
 * `a ÷ b` for one figure: the median over rounds of each round's ratio. A round runs the
 * frameworks back to back, so on a shared machine whose load drifts this compares numbers taken
 * under the same conditions, where a ratio of medians could pair a busy round with a quiet one.
 * Falls back to the ratio of medians when the raw results are not there.
 */
export function pairedRatio(
  loop: LoopBenchResult,
  a: ContenderName,
  b: ContenderName,
  key: keyof ContenderSummary,
): number {
  const ratios: number[] = [];
  for (const results of loop.raw) {
    const x = results.find((r) => r.contender === a);
    const y = results.find((r) => r.contender === b);
    if (x && y) ratios.push(PICK[key](x) / PICK[key](y));
  }
  if (ratios.length > 0) return median(ratios);
  const sa = loop.contenders[a];
  const sb = loop.contenders[b];
  return sa && sb ? sa[key] / sb[key] : Number.NaN;
}

export interface LoopBenchOptions {
  rounds: number;
  quick: boolean;
  contenders?: readonly ContenderName[];
  /** Called after each worker, for progress output. */
  onResult?: (round: number, result: WorkerResult) => void;
}

/** Runs the loop benchmark: a server child, then `rounds` × contenders worker children. */
export async function runLoopBench(options: LoopBenchOptions): Promise<LoopBenchResult> {
  const contenders = options.contenders ?? CONTENDERS;
  const server = await startJson<{ url: string }>(besides(import.meta.url, "./server-main.ts"));
  const worker = besides(import.meta.url, "./worker.ts");
  const raw: WorkerResult[][] = [];
  try {
    for (let round = 0; round < options.rounds; round++) {
      const results: WorkerResult[] = [];
      // Rotate the order so no framework always runs first (or right after another).
      for (let i = 0; i < contenders.length; i++) {
        const name = contenders[(i + round) % contenders.length]!;
        const args = [name, server.info.url, ...(options.quick ? ["--quick"] : [])];
        const result = await runJson<WorkerResult>(worker, args, ["--expose-gc"]);
        options.onResult?.(round, result);
        results.push(result);
      }
      raw.push(results);
    }
  } finally {
    await server.stop();
  }
  const summaries: Partial<Record<ContenderName, ContenderSummary>> = {};
  for (const name of contenders)
    summaries[name] = summarize(raw.map((round) => round.find((r) => r.contender === name)!));
  return {
    rounds: options.rounds,
    concurrency: raw[0]?.[0]?.concurrent.concurrency ?? 0,
    contenders: summaries,
    raw,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes("--quick");
  const at = process.argv.indexOf("--rounds");
  const rounds = at === -1 ? (quick ? 1 : 3) : Number(process.argv[at + 1]);
  const result = await runLoopBench({
    rounds,
    quick,
    onResult: (round, r) =>
      process.stderr.write(
        `round ${round + 1} ${r.contender}: A ${r.a.cpuPerTurnMs.toFixed(3)} ms/turn, B ${r.b.cpuMs.toFixed(1)} ms, ${r.concurrent.runsPerSec.toFixed(1)} runs/s @${r.concurrent.concurrency}\n`,
      ),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
