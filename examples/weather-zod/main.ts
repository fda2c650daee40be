/**
 * weather-zod: an agent with zod tools, streaming its answer to the terminal.
 *
 * Point it at any Open Responses server through environment variables (`fromEnv()`, see the
 * Presets section of docs/protocol.md), for example a local Ollama:
 *
 *   OPENLOOP_BASE_URL=http://localhost:11434/v1 OPENLOOP_MODEL=qwen3 \
 *     npx pnpm@10 --filter @openloop/example-weather-zod start "Weather in Paris, in Fahrenheit?"
 *
 * or OpenAI: `OPENAI_API_KEY=... OPENLOOP_MODEL=gpt-5-mini npx pnpm@10 --filter ... start`.
 */
import { Agent, fromEnv, runStream } from "@openloop/core";
import { convertTemperature, getWeather } from "./tools.js";

const question =
  process.argv.slice(2).join(" ") || "What's the weather in Paris and in Tokyo, in Fahrenheit?";

const agent = new Agent({
  name: "weather",
  instructions:
    "You report the current weather. Use get_weather for every city asked about, and " +
    "convert_temperature when the user wants another unit. Answer in one or two sentences.",
  model: fromEnv(),
  tools: [getWeather, convertTemperature],
  maxTurns: 6,
});

// Ctrl-C stops the run: the model request and any running tool are cancelled.
const controller = new AbortController();
process.once("SIGINT", () => controller.abort());

for await (const event of runStream(agent, question, { signal: controller.signal })) {
  switch (event.type) {
    case "response.output_text.delta":
      process.stdout.write(event.delta);
      break;
    case "tool_call.started":
      process.stdout.write(`  → ${event.name}(${event.arguments})\n`);
      break;
    case "tool_call.completed": {
      const output = event.output.output;
      process.stdout.write(`  ← ${typeof output === "string" ? output : JSON.stringify(output)}\n`);
      break;
    }
    case "tool_call.failed":
      process.stdout.write(`  ✗ ${event.message}\n`);
      break;
    case "run.completed":
      process.stdout.write(`\n\n(${event.result.turns} turns, ${event.result.usage.total_tokens} tokens)\n`);
      break;
    case "run.failed":
      process.stderr.write(`\nThe run failed (${event.error.code}): ${event.error.message}\n`);
      process.exitCode = 1;
      break;
  }
}
