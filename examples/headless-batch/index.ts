/**
 * headless-batch: many tasks, each a headless run, through a p-queue with a concurrency limit,
 * a progress bar on stderr, and one JSON result per task on stdout (or --out FILE).
 *
 *   OPENLOOP_BASE_URL=http://localhost:11434/v1 OPENLOOP_MODEL=qwen3 \
 *     npx pnpm@10 --filter @openloop/example-headless-batch start tasks.txt --concurrency 4 --out results.jsonl
 *
 * Exits 1 if any task failed (the others still finish: one failure does not stop the batch).
 */
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { Agent, fromEnv, RunError, run, tool } from "@openloop/core";
import PQueue from "p-queue";
import { z } from "zod";
import { Progress } from "./progress.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { concurrency: { type: "string", default: "4" }, out: { type: "string" } },
});
const file = positionals[0] ?? new URL("./tasks.txt", import.meta.url);
const tasks = (await readFile(file, "utf8"))
  .split("\n")
  .map((line) => line.trim())
  .filter(Boolean);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1)
  throw new Error(`--concurrency must be 1 or more, got ${values.concurrency}`);

const FACTORS: Record<string, [string, (x: number) => number]> = {
  "km>mi": ["mi", (x) => x / 1.609344],
  "mi>km": ["km", (x) => x * 1.609344],
  "kg>lb": ["lb", (x) => x / 0.45359237],
  "lb>kg": ["kg", (x) => x * 0.45359237],
  "C>F": ["°F", (x) => (x * 9) / 5 + 32],
  "F>C": ["°C", (x) => ((x - 32) * 5) / 9],
};

const convert = tool({
  name: "convert",
  description: "Convert a value between units: km and mi, kg and lb, C and F.",
  parameters: z.object({
    value: z.number(),
    from: z.enum(["km", "mi", "kg", "lb", "C", "F"]),
    to: z.enum(["km", "mi", "kg", "lb", "C", "F"]),
  }),
  execute: ({ value, from, to }) => {
    const entry = FACTORS[`${from}>${to}`];
    if (!entry) throw new Error(`Cannot convert ${from} to ${to}.`);
    return `${entry[1](value).toFixed(2)} ${entry[0]}`;
  },
});

const agent = new Agent({
  name: "converter",
  instructions: "Answer in one short sentence. Use the convert tool for every conversion.",
  model: fromEnv(),
  tools: [convert],
  maxTurns: 4,
});

// One queue runs the tasks; `concurrency` runs at a time. Each run is independent: its own state.
const queue = new PQueue({ concurrency });
const progress = new Progress(tasks.length);
const out = values.out ? createWriteStream(values.out) : process.stdout;
let failures = 0;

await Promise.all(
  tasks.map((task, index) =>
    queue.add(async () => {
      try {
        const result = await run(agent, task);
        out.write(
          `${JSON.stringify({ index, task, status: result.status, answer: result.finalOutput, turns: result.turns, tokens: result.usage.total_tokens })}\n`,
        );
        progress.tick(task, true);
      } catch (error) {
        failures++;
        const code = error instanceof RunError ? error.code : "error";
        out.write(
          `${JSON.stringify({ index, task, status: "failed", code, error: (error as Error).message })}\n`,
        );
        progress.tick(task, false);
      }
    }),
  ),
);
progress.end();
if (out !== process.stdout) await new Promise<void>((resolve) => out.end(() => resolve()));
process.stderr.write(
  `${tasks.length - failures} of ${tasks.length} tasks done${failures ? `, ${failures} failed` : ""}.\n`,
);
process.exitCode = failures > 0 ? 1 : 0;
