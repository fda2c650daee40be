/**
 * `pnpm bench`: everything in one run on this machine — the agent loop against `@openai/agents`
 * and the `ai` SDK (and a hand-written floor), SSE decoding, and the sandbox — then
 * `bench/results/latest.json` and the generated part of `docs/benchmarks.md`.
 *
 * Options:
 * - `--quick`: a few iterations of everything, to check the harness; writes
 *   `bench/results/quick.json` and leaves the docs alone.
 * - `--rounds N`: rounds of the loop and SSE benchmarks (default 3); medians are across rounds.
 * - `--only loop,sse,sandbox`: a subset (the docs are still regenerated from what ran).
 * - `--wait-quiet[=MINUTES]`: first wait (at most MINUTES, default 30) for the 1-minute load
 *   average to fall below 1.5, so other work on a shared machine does not skew the run.
 * - `--render-only`: measure nothing; re-check the targets and regenerate the docs from
 *   `bench/results/latest.json` (after a change to the report itself).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { runLoopBench } from "./loop/loop.bench.js";
import { type BenchReport, renderResults, spliceResults } from "./report/render.js";
import { checkTargets } from "./report/targets.js";
import type { SandboxBenchResult } from "./sandbox/result.js";
import type { SseBenchResult } from "./sse/sse.bench.js";
import { runJson } from "./support/child.js";
import { currentLoad, machineAtStart, versions } from "./support/machine.js";
import { type BenchOptions, parseBenchArgs } from "./support/options.js";

let options: BenchOptions;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`[bench] ${(error as Error).message}\n`);
  process.exit(2);
}
const { quick, rounds, only } = options;
const benchDir = fileURLToPath(new URL(".", import.meta.url));
const file = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

/** Writes the report's JSON and (unless quick) the generated section of docs/benchmarks.md. */
function publish(report: BenchReport): void {
  mkdirSync(file("./results"), { recursive: true });
  const out = file(report.quick ? "./results/quick.json" : "./results/latest.json");
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  log(`wrote ${out}`);
  if (report.quick) return;
  const docPath = file("../docs/benchmarks.md");
  let doc: string;
  try {
    doc = readFileSync(docPath, "utf8");
  } catch {
    doc = "# Benchmarks\n";
  }
  writeFileSync(docPath, spliceResults(doc, renderResults(report)));
  // The repository's formatter pads markdown tables; keep the page as `biome check` wants it.
  const biome = createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome");
  const formatted = spawnSync(process.execPath, [biome, "format", "--write", docPath], { encoding: "utf8" });
  if (formatted.status !== 0) log(`biome format failed: ${formatted.stderr}`);
  log(`updated ${docPath}`);
}

if (options.renderOnly) {
  const saved = JSON.parse(readFileSync(file("./results/latest.json"), "utf8")) as BenchReport;
  saved.targets = checkTargets(saved);
  publish(saved);
  process.exit(0);
}

if (options.waitQuietMinutes !== undefined) {
  const until = Date.now() + options.waitQuietMinutes * 60_000;
  while (currentLoad()[0]! >= 1.5 && Date.now() < until) {
    log(`waiting for a quiet machine: load ${currentLoad().join(" / ")}`);
    await sleep(30_000);
  }
}

const started = performance.now();
const machine = machineAtStart();
log(`load at start ${machine.loadAtStart.join(" / ")}`);
const report: BenchReport = {
  machine: { ...machine, loadAtEnd: [], durationS: 0 },
  versions: versions(benchDir),
  quick,
  targets: [],
};

if (only.has("loop")) {
  log(`loop: ${rounds} round(s) × 5 contenders, each in its own process`);
  report.loop = await runLoopBench({
    rounds,
    quick,
    onResult: (round, r) =>
      log(
        `  round ${round + 1} ${r.contender}: A ${r.a.cpuPerTurnMs.toFixed(3)} ms/turn, Aj ${r.aj.cpuPerTurnMs.toFixed(3)} ms/turn, B ${r.b.cpuMs.toFixed(1)} ms, ${r.concurrent.runsPerSec.toFixed(1)} runs/s at ${r.concurrent.concurrency}, peak RSS ${r.peakRssMB.toFixed(0)} MB`,
      ),
  });
}
if (only.has("sse")) {
  log("SSE decoding");
  report.sse = await runJson<SseBenchResult>(file("./sse/sse.bench.ts"), [
    "--rounds",
    String(rounds),
    ...(quick ? ["--quick"] : []),
  ]);
}
if (only.has("sandbox")) {
  log("sandbox");
  report.sandbox = await runJson<SandboxBenchResult>(
    file("./sandbox/sandbox.bench.ts"),
    quick ? ["--quick"] : [],
  );
}

report.machine.loadAtEnd = currentLoad();
report.machine.durationS = (performance.now() - started) / 1000;
report.targets = checkTargets(report);
for (const t of report.targets) log(`${t.met ? "met   " : "MISSED"} ${t.target}: ${t.measured}`);

publish(report);
