/**
 * Sandbox benchmark: cold run latency, warm run and warm session-cell latency, and throughput of
 * N parallel runs — each beside the floor, a bare in-process isolated-vm doing the same work
 * (no worker process, no capture, no limits), and the ratio sandbox ÷ floor.
 *
 * Run: node --conditions=source --import tsx bench/sandbox/sandbox.bench.ts [--quick]
 * Prints one JSON object on stdout.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { Sandbox } from "../../packages/sandbox/src/index.js";
import { CODE, expectBareAnswer, expectSandboxAnswer } from "./check.js";

// isolated-vm in the host process needs --no-node-snapshot on Node 20+: re-run with it.
if (!process.execArgv.includes("--no-node-snapshot")) {
  const child = spawnSync(
    process.execPath,
    ["--no-node-snapshot", ...process.execArgv, ...process.argv.slice(1)],
    {
      stdio: "inherit",
    },
  );
  process.exit(child.status ?? 1);
}

const require = createRequire(new URL("../../packages/sandbox/package.json", import.meta.url));
/** The part of isolated-vm the floor uses (it resolves from the sandbox package, not from here). */
interface BareIsolatedVm {
  Isolate: new (options: {
    memoryLimit: number;
  }) => {
    createContext(): Promise<{ eval(code: string, options?: { timeout?: number }): Promise<unknown> }>;
    dispose(): void;
  };
}
const ivm = require("isolated-vm") as BareIsolatedVm;
const ivmVersion = (require("isolated-vm/package.json") as { version: string }).version;

const quick = process.argv.includes("--quick");
const COLD_REPS = quick ? 3 : 10;
const WARM_REPS = quick ? 50 : 300;
const PARALLEL = quick ? 20 : 100;
const WORKERS = Math.max(2, Math.min(4, availableParallelism()));

interface Summary {
  median: number;
  p95: number;
}

function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: round(at(0.5)), p95: round(at(0.95)) };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** The floor of a one-off run: a fresh isolate and context, eval, dispose — in process. */
async function floorFresh(): Promise<void> {
  const isolate = new ivm.Isolate({ memoryLimit: 64 });
  const context = await isolate.createContext();
  expectBareAnswer(await context.eval(CODE, { timeout: 5000 }));
  isolate.dispose();
}

async function cold(): Promise<{ sandboxMs: Summary; floorMs: Summary; ratio: number }> {
  const sandbox: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < COLD_REPS; i++) {
    sandbox.push(
      await time(async () => {
        const sb = new Sandbox({ workers: 1 });
        expectSandboxAnswer(await sb.run(CODE));
        await sb.close();
      }),
    );
    floor.push(await time(floorFresh));
  }
  const s = summarize(sandbox);
  const f = summarize(floor);
  return { sandboxMs: s, floorMs: f, ratio: round(s.median / f.median) };
}

async function warmRun(sb: Sandbox): Promise<{ sandboxMs: Summary; floorMs: Summary; ratio: number }> {
  const sandbox: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < WARM_REPS; i++) {
    sandbox.push(await time(async () => expectSandboxAnswer(await sb.run(CODE))));
    floor.push(await time(floorFresh));
  }
  const s = summarize(sandbox);
  const f = summarize(floor);
  return { sandboxMs: s, floorMs: f, ratio: round(s.median / f.median) };
}

async function warmSessionCell(
  sb: Sandbox,
): Promise<{ sandboxMs: Summary; floorMs: Summary; ratio: number }> {
  const session = sb.session();
  await session.run("let n = 0");
  const isolate = new ivm.Isolate({ memoryLimit: 64 });
  const context = await isolate.createContext();
  await context.eval("var n = 0");
  const cell = `n++; ${CODE}`;
  const sandbox: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < WARM_REPS; i++) {
    sandbox.push(await time(async () => expectSandboxAnswer(await session.run(cell))));
    // A bare context cannot re-declare `let s`: the floor runs the same work in a block.
    floor.push(
      await time(async () => expectBareAnswer(await context.eval(`n++; { ${CODE} }`, { timeout: 5000 }))),
    );
  }
  isolate.dispose();
  const s = summarize(sandbox);
  const f = summarize(floor);
  return { sandboxMs: s, floorMs: f, ratio: round(s.median / f.median) };
}

async function throughput(sb: Sandbox): Promise<Record<string, number>> {
  const sandboxMs = await time(() =>
    Promise.all(Array.from({ length: PARALLEL }, async () => expectSandboxAnswer(await sb.run(CODE)))),
  );
  const floorMs = await time(() => Promise.all(Array.from({ length: PARALLEL }, floorFresh)));
  const sandboxRunsPerSec = round((PARALLEL / sandboxMs) * 1000);
  const floorRunsPerSec = round((PARALLEL / floorMs) * 1000);
  return {
    runs: PARALLEL,
    sandboxRunsPerSec,
    floorRunsPerSec,
    ratio: round(sandboxRunsPerSec / floorRunsPerSec),
  };
}

const coldResult = await cold();
const sb = new Sandbox({ workers: WORKERS });
await sb.warmUp();
await Promise.all(Array.from({ length: 20 }, () => sb.run(CODE))); // JIT warm-up of both sides
for (let i = 0; i < 20; i++) await floorFresh();
const result = {
  benchmark: "sandbox",
  node: process.version,
  isolatedVm: ivmVersion,
  cores: availableParallelism(),
  workers: WORKERS,
  code: CODE,
  note: "floor = bare in-process isolated-vm doing the same work; ratio = sandbox ÷ floor (time) or sandbox ÷ floor (runs/s)",
  coldRun: coldResult,
  warmRun: await warmRun(sb),
  warmSessionCell: await warmSessionCell(sb),
  parallelThroughput: await throughput(sb),
};
await sb.close();
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
