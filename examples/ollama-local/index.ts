/**
 * ollama-local: the Open Responses local story. A model on your machine, served by Ollama on
 * `/v1/responses`, driven by the same loop as any hosted model.
 *
 * 1. Check: one small non-streaming request to `/v1/responses`, so a missing model or an Ollama too
 *    old to serve the Responses API is a clear message, not a failure mid-run.
 * 2. Stream an agent run: reasoning (dimmed), each tool call and its result, then the answer.
 *
 *   ollama pull qwen3 && OPENLOOP_MODEL=qwen3 npx pnpm@10 --filter @openloop/example-ollama-local start
 *
 * Ollama is found at OLLAMA_BASE_URL, else OLLAMA_HOST (host:port, as Ollama reads it), else
 * http://localhost:11434/v1.
 */
import { randomInt } from "node:crypto";
import { Agent, failureOf, ollama, runStream, tool } from "@openloop/core";
import { accumulate, outputText } from "@openloop/protocol";
import { z } from "zod";

const model = process.env.OPENLOOP_MODEL;
if (!model) {
  process.stderr.write(
    "Set OPENLOOP_MODEL to a model you pulled, e.g. OPENLOOP_MODEL=qwen3 (ollama pull qwen3).\n",
  );
  process.exit(2);
}

// 1. Does the model answer on /v1/responses?
const probe = ollama({ model, stream: false, maxRetries: 0, timeoutMs: 120_000 });
let last: Awaited<ReturnType<typeof accumulate>> | undefined;
try {
  last = await accumulate(
    probe.stream({ input: "Reply with the single word: ready", max_output_tokens: 64 }, {}),
  );
} catch {
  // accumulate() rejects only on a stream it cannot read; the failure is reported below.
}
if (last?.status !== "completed") {
  const error = last?.error;
  process.stderr.write(
    `${model} does not answer on ${probe.name}'s /v1/responses: ${error?.message ?? "no response"}\n` +
      "Is Ollama running (ollama serve), is the model pulled (ollama pull <model>), and is Ollama recent enough to serve /v1/responses?\n",
  );
  process.exit(1);
}
process.stdout.write(`✓ ${model} answers on /v1/responses: ${JSON.stringify(outputText(last).trim())}\n\n`);

// 2. A streamed run with a tool.
const rollDice = tool({
  name: "roll_dice",
  description: "Roll dice with the given number of sides; returns each roll.",
  parameters: z.object({ count: z.int().min(1).max(10), sides: z.int().min(2).max(100) }),
  execute: ({ count, sides }) => Array.from({ length: count }, () => randomInt(1, sides + 1)),
});

const dim = (text: string) => (process.stdout.isTTY ? `\u001b[2m${text}\u001b[22m` : text);
const agent = new Agent({
  name: "local",
  instructions: "Use the roll_dice tool whenever dice are involved. Answer briefly.",
  model: ollama({ model }),
  tools: [rollDice],
  reasoning: { effort: "low", summary: "auto" },
  maxTurns: 5,
});

let thinking = false;
for await (const event of runStream(
  agent,
  process.argv.slice(2).join(" ") || "Roll two six-sided dice and add them up.",
)) {
  switch (event.type) {
    case "response.reasoning_summary_text.delta":
    case "response.reasoning.delta":
      if (!thinking) process.stdout.write(dim("thinking: "));
      thinking = true;
      process.stdout.write(dim(event.delta));
      break;
    case "response.output_item.added":
      if (thinking) process.stdout.write("\n");
      thinking = false;
      break;
    case "response.output_text.delta":
      process.stdout.write(event.delta);
      break;
    case "tool_call.started":
      process.stdout.write(`→ ${event.name}(${event.arguments})\n`);
      break;
    case "tool_call.completed":
      process.stdout.write(`← ${JSON.stringify(event.output.output)}\n`);
      break;
    case "run.completed":
      process.stdout.write(`\n(${event.result.turns} turns, ${event.result.usage.total_tokens} tokens)\n`);
      break;
    case "run.failed":
      process.stderr.write(`\nThe run failed (${event.error.code}): ${event.error.message}\n`);
      process.exitCode = 1;
      break;
    case "response.failed":
      // The run's own run.failed follows with the same error; nothing to print twice.
      void failureOf(event);
      break;
  }
}
