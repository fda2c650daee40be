/**
 * orchestrator: an agent that delegates to a specialist agent used as a tool (`asTool()`). The
 * specialist's events appear tagged with its name; its booking tool needs your approval, which
 * pauses the whole run until you answer, then resumes the specialist where it stopped.
 *
 *   OPENLOOP_BASE_URL=http://localhost:11434/v1 OPENLOOP_MODEL=qwen3 \
 *     npx pnpm@10 --filter @openloop/example-orchestrator start "Fly Ada from Paris to Lisbon"
 */
import { createInterface } from "node:readline";
import { fromEnv, type RunEvent, type RunInput, type RunResult, runStream } from "@openloop/core";
import { makeAgents } from "./agents.js";

const request = process.argv.slice(2).join(" ") || "Fly Ada from Paris to Lisbon tomorrow, cheapest option.";
const { orchestrator } = makeAgents(fromEnv());

/** Prints one event; a nested agent's events are unwrapped and tagged with its name. */
function show(event: RunEvent<unknown>, tag: string): void {
  switch (event.type) {
    case "agent.event":
      show(event.event, `${tag}[${event.agent}] `);
      break;
    case "tool_call.started":
      process.stdout.write(`${tag}→ ${event.name}(${event.arguments})\n`);
      break;
    case "tool_call.completed": {
      const output = event.output.output;
      process.stdout.write(`${tag}← ${typeof output === "string" ? output : JSON.stringify(output)}\n`);
      break;
    }
    case "tool_call.rejected":
      process.stdout.write(`${tag}✗ ${event.name}: ${event.message}\n`);
      break;
    case "run.completed":
      if (tag === "") process.stdout.write(`\n${event.result.finalOutput}\n`);
      break;
  }
}

// Answers are read line by line (buffered, so answers piped in ahead of the prompts work too).
const terminal = createInterface({ input: process.stdin });
const lines = terminal[Symbol.asyncIterator]();
async function ask(question: string): Promise<string> {
  process.stdout.write(question);
  const line = await lines.next();
  // A terminal echoes the Enter key; piped answers need the line break written.
  if (!process.stdin.isTTY) process.stdout.write("\n");
  return line.done ? "" : line.value;
}

let input: RunInput = request;
try {
  for (;;) {
    const stream = runStream(orchestrator, input);
    for await (const event of stream) show(event, "");
    const result: RunResult = await stream.result;
    if (result.status !== "interrupted") break;
    // A call inside the specialist waits: the whole run is paused, its state in result.state.
    const state = result.state;
    for (const call of state.pendingApprovals) {
      const answer = await ask(`Approve ${call.agent} → ${call.name}(${call.arguments})? [y/N] `);
      if (answer.trim().toLowerCase().startsWith("y")) state.approve(call);
      else state.reject(call, { message: "The user declined this booking." });
    }
    input = state;
  }
} catch (error) {
  const { code, message } = error as { code?: string; message: string };
  process.stderr.write(`The run failed (${code}): ${message}\n`);
  process.exitCode = 1;
} finally {
  terminal.close();
}
