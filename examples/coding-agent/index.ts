/**
 * coding-agent: an agent that changes code in a workspace with the coding tools (read, write,
 * edit, list, glob, grep, shell), all jailed to the workspace, under an approval policy:
 *
 * - edits and writes under `src/` and `test/` run without asking;
 * - `npm test*`, `node --test*` and `git status|diff*` run without asking;
 * - anything else waits for a person: asked on the terminal, approved by `--yes`, or else refused
 *   (the model is told and can try something else).
 *
 *   OPENLOOP_BASE_URL=http://localhost:11434/v1 OPENLOOP_MODEL=qwen3 \
 *     npx pnpm@10 --filter @openloop/example-coding-agent start ./my-project "Make the tests pass"
 */
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { Agent, fromEnv, type RunResult, run } from "@openloop/core";
import { codingTools } from "@openloop/tools";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { yes: { type: "boolean", default: false } },
});
const [root = ".", ...words] = positionals;
const task = words.join(" ") || "Run the tests and fix what fails.";

const agent = new Agent({
  name: "coder",
  instructions:
    "You change code in the workspace. Read before you edit, make the smallest change that works, " +
    "run the tests to check it, and finish with a one-paragraph summary of what you changed.",
  model: fromEnv(),
  tools: codingTools({
    root,
    approval: {
      write_file: { allow: ["src/**", "test/**"] },
      edit_file: { allow: ["src/**", "test/**"] },
      shell: { allow: ["npm test*", "node --test*", "git status", "git diff*"] },
    },
  }),
  maxTurns: 30,
});

/** A person decides on each waiting call: on a terminal, asked; otherwise `--yes` or no. */
async function decide(result: RunResult): Promise<void> {
  const ask = process.stdin.isTTY
    ? createInterface({ input: process.stdin, output: process.stderr })
    : undefined;
  try {
    for (const call of result.state.pendingApprovals) {
      const answer = values.yes
        ? "y"
        : ask
          ? await ask.question(`Allow ${call.name} ${call.arguments}? [y/N] `)
          : "n";
      if (/^y(es)?$/i.test(answer.trim())) {
        console.log(`  approved ${call.name} ${call.arguments}`);
        result.state.approve(call.callId);
      } else {
        console.log(`  refused ${call.name} ${call.arguments}`);
        result.state.reject(call.callId, {
          message: "Not approved: do it another way, or explain what you need.",
        });
      }
    }
  } finally {
    ask?.close();
  }
}

let result = await run(agent, task);
while (result.status === "interrupted") {
  await decide(result);
  result = await run(agent, result.state);
}
console.log(`\n${result.finalOutput ?? ""}\n(${result.turns} turns, ${result.usage.total_tokens} tokens)`);
