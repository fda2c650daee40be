/**
 * @module bench/report/targets — the targets (and PERFORMANCE.md's aims), checked
 * against one run's results.
 */
import { type LoopBenchResult, pairedRatio } from "../loop/loop.bench.js";
import type { SandboxBenchResult } from "../sandbox/result.js";
import type { SseBenchResult } from "../sse/sse.bench.js";
import { round } from "../support/stats.js";

export interface TargetCheck {
  id: string;
  /** Where the target comes from: the issue, or PERFORMANCE.md's aims. */
  source: "issue" | "PERFORMANCE.md";
  target: string;
  measured: string;
  value: number;
  met: boolean;
}

export interface BenchResults {
  loop?: LoopBenchResult;
  sse?: SseBenchResult;
  sandbox?: SandboxBenchResult;
}

const PEERS = ["agents", "ai"] as const;

/** Checks every target whose inputs were measured in this run. */
export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const at = (value: number, digits = 3) => round(value, digits);
  const loop = results.loop?.contenders;
  const ol = loop?.openloop;
  const floor = loop?.floor;
  const peers = PEERS.map((name) => ({ name, summary: loop?.[name] })).filter(
    (p): p is { name: (typeof PEERS)[number]; summary: NonNullable<typeof p.summary> } =>
      p.summary !== undefined,
  );
  // Ratios are medians of per-round ratios (see pairedRatio); the figures shown are medians.
  const paired = (a: "openloop", b: string, key: Parameters<typeof pairedRatio>[3]) =>
    pairedRatio(results.loop!, a, b as Parameters<typeof pairedRatio>[2], key);
  if (ol && peers.length > 0) {
    for (const [key, label] of [
      ["cpuPerTurnA", "A (streamed)"],
      ["cpuPerTurnAj", "Aj (not streamed)"],
    ] as const) {
      const best = peers.reduce((a, b) => (b.summary[key] < a.summary[key] ? b : a));
      const ratio = paired("openloop", best.name, key);
      // Also the cost above the floor (what the framework adds to plain fetch + JSON.parse).
      const above = floor
        ? `; above the floor ${at(ol[key] - floor[key], 2)} vs ${at(best.summary[key] - floor[key], 2)} ms: ×${at((ol[key] - floor[key]) / (best.summary[key] - floor[key]), 2)}`
        : "";
      checks.push({
        id: `overhead-${key === "cpuPerTurnA" ? "a" : "aj"}`,
        source: "issue",
        target: `CPU per turn, ${label}: at most ½ of the faster peer's`,
        measured: `${at(ol[key])} ms vs ${best.name} ${at(best.summary[key])} ms: ×${at(ratio, 2)}${above}`,
        value: at(ratio),
        met: ratio <= 0.5,
      });
    }
    const best = peers.reduce((a, b) => (b.summary.runsPerSecN > a.summary.runsPerSecN ? b : a));
    const ratio = paired("openloop", best.name, "runsPerSecN");
    checks.push({
      id: "throughput",
      source: "issue",
      target: `Runs/s of A at concurrency ${results.loop!.concurrency}: at least 2× the faster peer's`,
      measured: `${at(ol.runsPerSecN)} vs ${best.name} ${at(best.summary.runsPerSecN)}: ×${at(ratio, 2)}`,
      value: at(ratio),
      met: ratio >= 2,
    });
  }
  if (results.sse) {
    const ratio = results.sse.ratios.decodeSSEOverJsonParse;
    checks.push({
      id: "sse",
      source: "issue",
      target: "SSE decoding: within 1.5× of bare JSON.parse",
      measured: `${results.sse.mbPerSec.decodeSSE} vs ${results.sse.mbPerSec.jsonParse} MB/s: ×${at(ratio, 2)} the time`,
      value: ratio,
      met: ratio <= 1.5,
    });
  }
  if (results.sandbox) {
    const fresh = results.sandbox.warmRun;
    checks.push({
      id: "sandbox-cold-run",
      source: "issue",
      target:
        "Sandboxed cold run (fresh isolate, started sandbox): within 2× of a bare isolate create-and-eval",
      measured: `${fresh.sandboxMs.median} vs ${fresh.floorMs.median} ms: ×${fresh.ratio}`,
      value: fresh.ratio,
      met: fresh.ratio <= 2,
    });
    const cold = results.sandbox.coldRun;
    checks.push({
      id: "sandbox-cold-start",
      source: "issue",
      target: "Same, read strictly: a new Sandbox's first run (worker process start-up included)",
      measured: `${cold.sandboxMs.median} vs ${cold.floorMs.median} ms: ×${cold.ratio}`,
      value: cold.ratio,
      met: cold.ratio <= 2,
    });
  }
  if (ol && floor) {
    const aims: [string, string, number, boolean][] = [
      ["aim-a", "CPU per turn, A: within 1.3× the floor", paired("openloop", "floor", "cpuPerTurnA"), false],
      ["aim-b", "CPU for 2,000 deltas (B): within 2× the floor", paired("openloop", "floor", "cpuB"), false],
      [
        "aim-throughput",
        `Runs/s at concurrency ${results.loop!.concurrency}: at least 0.7× the floor's`,
        paired("openloop", "floor", "runsPerSecN"),
        true,
      ],
    ];
    for (const [id, target, ratio, higherIsBetter] of aims)
      checks.push({
        id,
        source: "PERFORMANCE.md",
        target,
        measured: `×${at(ratio, 2)} the floor`,
        value: at(ratio),
        met: higherIsBetter ? ratio >= 0.7 : ratio <= (id === "aim-a" ? 1.3 : 2),
      });
    checks.push({
      id: "aim-import",
      source: "PERFORMANCE.md",
      target: "RSS added by importing @openloop/core: under 10 MB",
      measured: `+${at(ol.importRssMB, 2)} MB`,
      value: at(ol.importRssMB),
      met: ol.importRssMB < 10,
    });
  }
  return checks;
}
