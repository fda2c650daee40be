/**
 * server-with-openai-sdk: the openloop server in front of any model, and the official `openai` SDK
 * as its client. The upstream can speak Open Responses, Chat Completions or Anthropic Messages; the
 * SDK sees one standard Open Responses endpoint, with a hosted, sandboxed code interpreter and stored
 * conversations (`previous_response_id`) even when the upstream has neither.
 *
 *   OPENLOOP_BASE_URL=http://localhost:11434/v1 OPENLOOP_MODEL=qwen3 OPENLOOP_WIRE=chat-completions \
 *     npx pnpm@10 --filter @openloop/example-server-with-openai-sdk start
 *
 * The upstream's key, if it needs one, is read from OPENLOOP_API_KEY. To run the server on its own:
 * `openloop serve --base-url ... --model ...` (see docs/server.md).
 */
import { startServer } from "@openloop/server";
import OpenAI from "openai";

const baseURL = process.env.OPENLOOP_BASE_URL;
const model = process.env.OPENLOOP_MODEL;
if (!baseURL || !model) {
  process.stderr.write(
    "Set OPENLOOP_BASE_URL and OPENLOOP_MODEL (and OPENLOOP_WIRE if the upstream is not Open Responses).\n",
  );
  process.exit(2);
}

// 1. The server: one upstream provider, answering under the model's own name.
const server = await startServer({
  routing: {
    providers: {
      upstream: {
        wire: process.env.OPENLOOP_WIRE ?? "responses",
        baseURL,
        ...(process.env.OPENLOOP_API_KEY ? { apiKeyEnv: "OPENLOOP_API_KEY" } : {}),
      },
    },
    aliases: { [model]: `upstream/${model}` },
    defaultModel: `upstream/${model}`,
  },
  store: "memory",
  port: 0, // any free port on 127.0.0.1
  log: false,
});
console.log(`openloop server on ${server.url}, in front of ${model} at ${baseURL}\n`);

// 2. The official SDK, pointed at it.
const client = new OpenAI({ baseURL: server.url, apiKey: "not-needed-locally" });
try {
  // Streaming, with the server's hosted code interpreter (the code runs in the openloop sandbox).
  const stream = client.responses.stream({
    model,
    input:
      process.argv.slice(2).join(" ") || "What is the sum of the squares of 1 to 10? Compute it with code.",
    tools: [{ type: "code_interpreter", container: { type: "auto" } }],
  });
  stream.on("response.code_interpreter_call_code.delta", (event) => process.stdout.write(event.delta));
  stream.on("response.code_interpreter_call.interpreting", () =>
    process.stdout.write("\n  (running in the sandbox)\n"),
  );
  stream.on("response.output_text.delta", (event) => process.stdout.write(event.delta));
  const first = await stream.finalResponse();
  for (const item of first.output)
    if (item.type === "code_interpreter_call")
      for (const output of item.outputs ?? []) if (output.type === "logs") console.log(`  → ${output.logs}`);
  console.log(`\n\n[${first.id}: ${first.output.map((item) => item.type).join(", ")}]\n`);

  // A follow-up in the same conversation: the server kept it, the client sends only the new turn.
  const second = await client.responses.create({
    model,
    previous_response_id: first.id,
    input: "And the sum of the cubes? Answer in one sentence.",
  });
  console.log(second.output_text);
} finally {
  await server.close();
}
