/**
 * @module bench/support/machine — what the numbers were measured on: the machine, how busy it
 * was, and the exact version of every framework and library under test.
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { cpus, loadavg, platform, release, totalmem } from "node:os";
import { dirname, join } from "node:path";

export interface Machine {
  cpu: string;
  cores: number;
  memoryGB: number;
  os: string;
  node: string;
  /** 1-, 5- and 15-minute load averages when the run started and when it ended. */
  loadAtStart: number[];
  loadAtEnd: number[];
  startedAt: string;
  durationS: number;
}

export function machineAtStart(): Omit<Machine, "loadAtEnd" | "durationS"> {
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    loadAtStart: loadavg().map((n) => Math.round(n * 100) / 100),
    startedAt: new Date().toISOString(),
  };
}

export function currentLoad(): number[] {
  return loadavg().map((n) => Math.round(n * 100) / 100);
}

/**
 * The directory of package `name` as Node finds it from `fromDir` (`node_modules` folders upward,
 * symlinks resolved, so a pnpm package's own dependencies are found from its result).
 */
export function packageDir(name: string, fromDir: string): string | undefined {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The version of package `name` as Node finds it from `fromDir`; "missing" when it is not there. */
export function packageVersion(name: string, fromDir: string | undefined): string {
  const dir = fromDir === undefined ? undefined : packageDir(name, fromDir);
  if (dir === undefined) return "missing";
  return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
}

/** Every version the results depend on. */
export function versions(benchDir: string): Record<string, string> {
  const agents = packageDir("@openai/agents", benchDir);
  const agentsOpenai = agents === undefined ? undefined : packageDir("@openai/agents-openai", agents);
  const sandboxDir = join(benchDir, "..", "packages", "sandbox");
  return {
    node: process.version,
    "@openai/agents": packageVersion("@openai/agents", benchDir),
    "openai (used by @openai/agents)": packageVersion("openai", agentsOpenai),
    ai: packageVersion("ai", benchDir),
    "@ai-sdk/openai": packageVersion("@ai-sdk/openai", benchDir),
    "eventsource-parser": packageVersion("eventsource-parser", benchDir),
    tinybench: packageVersion("tinybench", benchDir),
    zod: packageVersion("zod", benchDir),
    "isolated-vm": packageVersion("isolated-vm", sandboxDir),
  };
}
