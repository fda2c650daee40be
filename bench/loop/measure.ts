/**
 * @module bench/loop/measure — timing one contender's runs: latency and CPU of sequential runs
 * (tinybench drives the iterations), and runs per second with many runs in flight.
 */
import { Bench } from "tinybench";

/** CPU time (user + system, all threads of this process) in milliseconds since `start`. */
function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export interface SequentialResult {
  /** Measured runs (warm-up excluded). */
  runs: number;
  /** Mean wall time of one run, ms. */
  latencyMs: number;
  /** Median wall time of one run, ms. */
  latencyP50Ms: number;
  /** Runs per second, one at a time: 1000 / mean latency. */
  runsPerSec: number;
  /** Mean CPU time of one run, ms (total CPU of the measured runs ÷ runs: GC included). */
  cpuMs: number;
}

export interface SequentialOptions {
  /** Time budget of the measured phase, ms. */
  time: number;
  /** Least number of measured runs. */
  iterations: number;
  warmupTime: number;
  warmupIterations: number;
}

/**
 * Runs `fn` one call at a time under tinybench (warm-up first) and reads, besides tinybench's
 * latency statistics, the CPU the process spent inside the measured calls.
 */
export async function sequential(
  name: string,
  fn: () => Promise<void>,
  options: SequentialOptions,
): Promise<SequentialResult> {
  let cpu = 0;
  let start: NodeJS.CpuUsage | undefined;
  const bench = new Bench({
    name,
    time: options.time,
    iterations: options.iterations,
    warmup: true,
    warmupTime: options.warmupTime,
    warmupIterations: options.warmupIterations,
    throws: true,
  });
  bench.add(name, fn, {
    async: true,
    beforeEach(mode) {
      if (mode === "run") start = process.cpuUsage();
    },
    afterEach(mode) {
      if (mode === "run" && start !== undefined) cpu += cpuSince(start);
    },
  });
  await bench.run();
  const task = bench.tasks[0]!;
  const result = task.result;
  if (result.state !== "completed") throw new Error(`${name}: tinybench ended in state ${result.state}`);
  const runs = task.runs;
  return {
    runs,
    latencyMs: result.period,
    latencyP50Ms: result.latency.p50,
    runsPerSec: 1000 / result.period,
    cpuMs: cpu / runs,
  };
}

export interface ConcurrentResult {
  concurrency: number;
  runs: number;
  wallMs: number;
  runsPerSec: number;
  /** Mean CPU per run under load, ms. */
  cpuMs: number;
}

/** Keeps `concurrency` calls of `fn` in flight until `total` have finished. */
async function pool(fn: () => Promise<void>, concurrency: number, total: number): Promise<void> {
  let started = 0;
  const lane = async () => {
    while (started < total) {
      started++;
      await fn();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
}

/**
 * Runs per second with `concurrency` runs in flight: one unmeasured pass of `concurrency` runs
 * (opens the connections, warms the JIT for this shape), then `total` measured runs.
 */
export async function concurrent(
  fn: () => Promise<void>,
  concurrency: number,
  total: number,
): Promise<ConcurrentResult> {
  await pool(fn, concurrency, concurrency);
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await pool(fn, concurrency, total);
  const wallMs = performance.now() - t0;
  return {
    concurrency,
    runs: total,
    wallMs,
    runsPerSec: (total * 1000) / wallMs,
    cpuMs: cpuSince(cpu) / total,
  };
}
