/**
 * typed-output: an agent whose final answer is a typed object. The zod schema is sent as the
 * request's `text.format` (json_schema); `result.finalOutput` is the parsed, validated value,
 * typed from the schema. While the model writes, partial values show the recipe taking shape.
 *
 * Point it at any Open Responses server through environment variables (`fromEnv()`):
 *
 *   OPENLOOP_BASE_URL=http://localhost:11434/v1 OPENLOOP_MODEL=qwen3 \
 *     npx pnpm@10 --filter @openloop/example-typed-output start "A quick vegetarian curry for 4"
 */
import { Agent, fromEnv, runStream } from "@openloop/core";
import { z } from "zod";

const Recipe = z.object({
  title: z.string(),
  servings: z.int().min(1),
  vegetarian: z.boolean(),
  ingredients: z.array(z.object({ item: z.string(), quantity: z.string() })),
  steps: z.array(z.string()),
  tip: z.string().optional().describe("One optional serving tip"),
});

const request = process.argv.slice(2).join(" ") || "A quick vegetarian curry for 4";

const agent = new Agent({
  name: "recipes",
  instructions: "You write short, reliable home-cooking recipes.",
  model: fromEnv(),
  output: Recipe,
  outputName: "recipe",
});

let shown = "";
for await (const event of runStream(agent, request)) {
  switch (event.type) {
    case "output.partial": {
      // A best-effort parse of the JSON so far: show progress as the lists grow.
      const partial = event.value as Partial<z.output<typeof Recipe>>;
      const line = `… ${partial.title ?? "(untitled)"}: ${partial.ingredients?.length ?? 0} ingredients, ${partial.steps?.length ?? 0} steps`;
      if (line !== shown) process.stdout.write(`${line}\n`);
      shown = line;
      break;
    }
    case "output.invalid":
      process.stdout.write(`✗ ${event.message}${event.retry ? " (asking again)" : ""}\n`);
      break;
    case "run.completed": {
      // Typed from the schema: no casts, no JSON.parse.
      const recipe = event.result.finalOutput!;
      process.stdout.write(
        `\n${recipe.title} (serves ${recipe.servings}${recipe.vegetarian ? ", vegetarian" : ""})\n`,
      );
      for (const { quantity, item } of recipe.ingredients) process.stdout.write(`  - ${quantity} ${item}\n`);
      recipe.steps.forEach((step, i) => {
        process.stdout.write(`  ${i + 1}. ${step}\n`);
      });
      if (recipe.tip !== undefined) process.stdout.write(`Tip: ${recipe.tip}\n`);
      break;
    }
    case "run.failed":
      process.stderr.write(`The run failed (${event.error.code}): ${event.error.message}\n`);
      if (event.error.code === "output_validation_error")
        process.stderr.write(`The model's last reply was: ${String(event.error.details?.raw)}\n`);
      process.exitCode = 1;
      break;
  }
}
