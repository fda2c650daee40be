/**
 * @module bench/loop/worker — measures ONE contender in a process of its own and prints one JSON
 * line: import cost, CPU and latency of workloads A, Aj and B one run at a time, runs per second
 * at concurrency 1 and N, and peak RSS.
 *
 * A process per framework because they share a heap otherwise (RSS would be meaningless), and
 * because `@openai/agents` switches on AsyncLocalStorage's promise hooks for the whole process,
 * which taxes every framework measured after it.
 *
 * Usage: worker.ts <contender> <baseURL> [--quick]
 */
import { CONTENDERS, type ContenderName, loadContender } from "./contenders/index.js";
import { concurrent, type SequentialOptions, sequential } from "./measure.js";
import { TOOL_TURNS } from "./workloads.js";

const [name, baseURL] = process.argv.slice(2);
const quick = process.argv.includes("--quick");
if (!CONTENDERS.includes(name as ContenderName) || baseURL === undefined)
  throw new Error(`usage: worker.ts <${CONTENDERS.join("|")}> <baseURL> [--quick]`);

const gc = (globalThis as { gc?: () => void }).gc;
const rssMB = () => {
  gc?.();
  return process.memoryUsage().rss / 2 ** 20;
};

const rssBefore = rssMB();
const t0 = performance.now();
const contender = await loadContender(name as ContenderName, baseURL);
const importMs = performance.now() - t0;
const importRssMB = rssMB() - rssBefore;

const options: SequentialOptions = quick
  ? { time: 150, iterations: 3, warmupTime: 50, warmupIterations: 2 }
  : { time: 2500, iterations: 20, warmupTime: 700, warmupIterations: 10 };
const TURNS = TOOL_TURNS + 1;
const CONCURRENCY = quick ? 20 : 100;
const TOTAL = quick ? 40 : 300;

const a = await sequential(`${name} A`, () => contender.a(), options);
const aj = await sequential(`${name} Aj`, () => contender.aj(), options);
const b = await sequential(`${name} B`, () => contender.b(), options);
const c100 = await concurrent(() => contender.a(), CONCURRENCY, TOTAL);

const result = {
  contender: name,
  importMs,
  importRssMB,
  a: { ...a, cpuPerTurnMs: a.cpuMs / TURNS },
  aj: { ...aj, cpuPerTurnMs: aj.cpuMs / TURNS },
  b,
  concurrent: { ...c100, cpuPerTurnMs: c100.cpuMs / TURNS },
  // ru_maxrss: the high-water mark of this process (its concurrent phase, in practice).
  peakRssMB: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
