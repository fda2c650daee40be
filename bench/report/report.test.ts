import { describe, expect, test } from "vitest";
import type { ContenderSummary, LoopBenchResult } from "../loop/loop.bench.js";
import type { SandboxBenchResult } from "../sandbox/result.js";
import type { SseBenchResult } from "../sse/sse.bench.js";
import { MISSED_TARGET_NOTES } from "./notes.js";
import { type BenchReport, END, renderResults, START, spliceResults } from "./render.js";
import { checkTargets } from "./targets.js";

const summary = (over: Partial<ContenderSummary>): ContenderSummary => ({
  cpuPerTurnA: 1,
  cpuPerTurnAj: 1,
  cpuB: 10,
  cpuPerDeltaUs: 5,
  runsPerSec1: 50,
  runsPerSecN: 100,
  cpuPerTurnN: 1,
  peakRssMB: 150,
  importRssMB: 5,
  importMs: 100,
  ...over,
});

const loop: LoopBenchResult = {
  rounds: 3,
  concurrency: 100,
  raw: [],
  contenders: {
    floor: summary({ cpuPerTurnA: 0.5, cpuPerTurnAj: 0.45, cpuB: 3, runsPerSecN: 200, importRssMB: 0 }),
    openloop: summary({ cpuPerTurnA: 0.8, cpuPerTurnAj: 0.75, cpuB: 4, runsPerSecN: 150, importRssMB: 8 }),
    agents: summary({ cpuPerTurnA: 2.2, cpuPerTurnAj: 1.8, cpuB: 40, runsPerSecN: 60 }),
    ai: summary({ cpuPerTurnA: 2.7, cpuPerTurnAj: 1.4, cpuB: 90, runsPerSecN: 50 }),
  },
};
const sse: SseBenchResult = {
  streams: 40,
  bytes: 1_578_905,
  events: 4926,
  readSize: 16384,
  rounds: 3,
  mbPerSec: { decodeSSE: 230, eventsourceParser: 210, bytesFloor: 250, jsonParse: 380 },
  ratios: {
    decodeSSEOverJsonParse: 1.65,
    decodeSSEOverEventsourceParser: 0.91,
    decodeSSEOverBytesFloor: 1.09,
    eventsourceParserOverJsonParse: 1.81,
    bytesFloorOverJsonParse: 1.52,
  },
};
const cmp = (sandboxMs: number, floorMs: number) => ({
  sandboxMs: { median: sandboxMs, p95: sandboxMs },
  floorMs: { median: floorMs, p95: floorMs },
  ratio: sandboxMs / floorMs,
});
const sandbox: SandboxBenchResult = {
  benchmark: "sandbox",
  node: "v20",
  isolatedVm: "5.0.4",
  cores: 2,
  workers: 2,
  code: "1",
  note: "",
  coldRun: cmp(150, 2.5),
  warmRun: cmp(3, 2.9),
  warmSessionCell: cmp(0.8, 0.09),
  parallelThroughput: { runs: 100, sandboxRunsPerSec: 300, floorRunsPerSec: 500, ratio: 0.6 },
};

describe("checkTargets", () => {
  const targets = checkTargets({ loop, sse, sandbox });
  const byId = Object.fromEntries(targets.map((t) => [t.id, t]));

  test("compares openloop with the faster peer, per workload", () => {
    // A: agents is faster (2.2); 0.8 / 2.2 ≤ ½. Aj: ai is faster (1.4); 0.75 / 1.4 > ½.
    expect(byId["overhead-a"]).toMatchObject({ met: true, value: 0.364 });
    expect(byId["overhead-aj"]).toMatchObject({ met: false, value: 0.536 });
    expect(byId.throughput).toMatchObject({ met: true, value: 2.5 });
  });

  test("checks SSE decoding against JSON.parse and both readings of the sandbox's cold run", () => {
    expect(byId.sse).toMatchObject({ met: false, value: 1.65 });
    expect(byId["sandbox-cold-run"]?.met).toBe(true);
    expect(byId["sandbox-cold-start"]?.met).toBe(false);
  });

  test("checks PERFORMANCE.md's aims against the floor", () => {
    expect(byId["aim-a"]).toMatchObject({ met: false, value: 1.6 });
    expect(byId["aim-b"]).toMatchObject({ met: true });
    expect(byId["aim-throughput"]).toMatchObject({ met: true, value: 0.75 });
    expect(byId["aim-import"]).toMatchObject({ met: true });
  });

  test("checks only what was measured", () => {
    expect(checkTargets({ sse }).map((t) => t.id)).toEqual(["sse"]);
  });
});

describe("renderResults and spliceResults", () => {
  const report: BenchReport = {
    machine: {
      cpu: "Test CPU",
      cores: 2,
      memoryGB: 24,
      os: "linux",
      node: "v20.20.2",
      loadAtStart: [0.5, 0.6, 0.7],
      loadAtEnd: [1.1, 0.8, 0.7],
      startedAt: "2026-01-01T10:00:00.000Z",
      durationS: 300,
    },
    versions: { "@openai/agents": "0.14.3", ai: "6.0.325" },
    quick: false,
    loop,
    sse,
    sandbox,
    targets: checkTargets({ loop, sse, sandbox }),
  };
  const section = renderResults(report);

  test("shows the machine, its load, the versions, every framework and the ratios", () => {
    expect(section).toContain("Test CPU, 2 cores");
    expect(section).toContain("at start 0.5 / 0.6 / 0.7, at end 1.1 / 0.8 / 0.7");
    expect(section).toContain("`@openai/agents` 0.14.3");
    for (const label of ["floor (fetch", "**openloop** `run`", "`@openai/agents` (streamed", "`ai` SDK"])
      expect(section).toContain(label);
    // openloop ÷ agents, CPU per turn of A: 0.8 / 2.2.
    expect(section).toMatch(/\*\*openloop\*\* `run` ÷ `@openai\/agents`[^|]*\| 0\.36 \|/);
  });

  test("marks missed targets", () => {
    expect(section).toMatch(/SSE decoding: within 1\.5× of bare JSON\.parse \| [^|]+ \| \*\*missed\*\* \|/);
    expect(section).toMatch(/CPU per turn, A \(streamed\)[^|]+\| [^|]+ \| met \|/);
  });

  test("replaces only the generated section of the doc, or appends one", () => {
    const doc = `# Benchmarks\n\nIntro.\n\n${START}\nold numbers\n${END}\n\n## Method\n`;
    const spliced = spliceResults(doc, section);
    expect(spliced.startsWith("# Benchmarks\n\nIntro.\n\n")).toBe(true);
    expect(spliced.endsWith("\n\n## Method\n")).toBe(true);
    expect(spliced).not.toContain("old numbers");
    expect(spliceResults("# Benchmarks\n", section)).toBe(`# Benchmarks\n\n${section}\n`);
  });
});

describe("missed-target notes", () => {
  test("every target a run can miss has its own note (none leans on another that may not be shown)", () => {
    const ids = checkTargets({ loop, sse, sandbox }).map((t) => t.id);
    expect(ids.length).toBeGreaterThanOrEqual(10);
    for (const id of ids) {
      expect(MISSED_TARGET_NOTES[id], id).toBeTypeOf("string");
      expect(MISSED_TARGET_NOTES[id], id).not.toMatch(/\b(see the|below|above)\b/i);
    }
  });

  test("a missed target is printed with its note, a met one without", () => {
    const section = renderResults({
      machine: {
        cpu: "c",
        cores: 2,
        memoryGB: 1,
        os: "linux",
        node: "v20",
        loadAtStart: [0, 0, 0],
        loadAtEnd: [0, 0, 0],
        startedAt: "2026-01-01T10:00:00.000Z",
        durationS: 1,
      },
      versions: {},
      quick: false,
      sandbox,
      targets: checkTargets({ sandbox }),
    });
    expect(section).toContain(MISSED_TARGET_NOTES["sandbox-cold-start"]!);
    expect(section).not.toContain(MISSED_TARGET_NOTES["sandbox-cold-run"]!);
  });
});
