/**
 * code-interpreter: the sandbox as the agent's code interpreter. The model writes JavaScript, the
 * loop runs it in an isolated-vm sandbox (no file system, no network, limits on time and memory),
 * and the code can call `get_price` as `await tools.get_price({ item })` — one model turn instead of
 * one per item. Variables persist between runs (one notebook session per run).
 *
 *   OPENLOOP_BASE_URL=http://localhost:11434/v1 OPENLOOP_MODEL=qwen3 \
 *     npx pnpm@10 --filter @openloop/example-code-interpreter start "What do 3 apples and 2 kiwis cost?"
 */
import { Agent, fromEnv, runStream, tool } from "@openloop/core";
import { codeRunner } from "@openloop/sandbox";
import { z } from "zod";

const PRICES: Record<string, number> = { apple: 45, kiwi: 30, banana: 25, mango: 120 };

/** Reachable from inside the sandbox only: the model calls it from its code. */
const getPrice = tool({
  name: "get_price",
  description: "Price of one item, in cents.",
  parameters: z.object({ item: z.string() }),
  execute: ({ item }) => {
    const cents = PRICES[item.toLowerCase().replace(/s$/, "")];
    if (cents === undefined)
      throw new Error(`No price for "${item}". Known: ${Object.keys(PRICES).join(", ")}.`);
    return { item, cents };
  },
});

const runner = codeRunner({
  tools: [getPrice],
  session: "shop", // one notebook: variables survive from one run_javascript call to the next
  sandboxOptions: { limits: { timeoutMs: 5000 } },
});

const agent = new Agent({
  name: "analyst",
  instructions:
    "You answer with numbers you computed. Use run_javascript for every calculation; inside it, " +
    "`await tools.get_price({ item })` gives an item's price in cents.",
  model: fromEnv(),
  tools: [runner],
  maxTurns: 6,
});

const question = process.argv.slice(2).join(" ") || "What do 3 apples and 2 kiwis cost, in euros?";
try {
  for await (const event of runStream(agent, question)) {
    if (event.type === "response.output_text.delta") process.stdout.write(event.delta);
    else if (event.type === "tool_call.started" && event.name === runner.name)
      process.stdout.write(
        `  ┌ code\n${String((event.args as { code?: string })?.code ?? event.arguments).replace(/^/gm, "  │ ")}\n`,
      );
    else if (event.type === "tool_call.completed")
      process.stdout.write(`  └ ${String(event.output.output).replace(/\n/g, "\n    ")}\n`);
    else if (event.type === "run.completed") process.stdout.write(`\n(${event.result.turns} turns)\n`);
    else if (event.type === "run.failed") {
      process.stderr.write(`\nThe run failed (${event.error.code}): ${event.error.message}\n`);
      process.exitCode = 1;
    }
  }
} finally {
  await runner.close(); // stops the sandbox's worker process
}
