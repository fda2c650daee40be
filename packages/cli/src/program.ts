/**
 * @module program — the `openloop` command line: its commands and flags (commander).
 */
import { createRequire } from "node:module";
import { Command, Option } from "commander";
import { type DemoFlags, demoCommand } from "./commands/demo/demo.js";
import { runCommand } from "./commands/run/run.js";
import { DEFAULT_MAX_TURNS, DEFAULT_TOOLS, type RunFlags } from "./commands/run/settings.js";
import { serveCli } from "./commands/serve/serve.js";
import type { ExitCode } from "./exit-codes.js";
import type { CliIO } from "./io.js";
import { TOOL_SETS } from "./tools/select.js";

const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

/** Where a command's exit code goes once its action has run. */
export interface Outcome {
  code: ExitCode | undefined;
}

/** The program, writing through `io`; actions store their exit code in `outcome`. */
export function buildProgram(io: CliIO, outcome: Outcome): Command {
  const program = new Command("openloop")
    .description("Agentic loops over the Open Responses standard: headless runs, a recorded demo, a server.")
    .version(version)
    .showHelpAfterError("(add --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  program
    .command("run")
    .description(
      "Run a task headlessly: the model works with tools until it answers. Exit codes: 0 done, 1 failed, " +
        "2 usage error, 3 stopped for approval (state saved), 4 stopped by a budget or loop detection.",
    )
    .argument("[task...]", "what to do (quote it)")
    .option("-m, --model <name>", "the model (env: OPENLOOP_MODEL)")
    .option(
      "--base-url <url>",
      "the server's API root, e.g. http://localhost:8080/v1 (env: OPENLOOP_BASE_URL)",
    )
    .option(
      "--wire <name>",
      "the server's API: responses, chat-completions, anthropic-messages (env: OPENLOOP_WIRE)",
    )
    .option(
      "--tools <sets>",
      `comma-separated tool sets: ${TOOL_SETS.join(", ")} (default: ${DEFAULT_TOOLS})`,
    )
    .option(
      "-w, --workspace <dir>",
      "the directory file and shell tools are confined to (default: the current one)",
    )
    .option("--max-turns <n>", `most model responses (default: ${DEFAULT_MAX_TURNS})`)
    .option("--max-tokens <n>", "token budget for the whole run")
    .option("--timeout <seconds>", "wall-clock budget for the run")
    .addOption(
      new Option(
        "--approve <mode>",
        "calls that change things (writes, edits, shell): never = stop and save the state, auto = run them, prompt = ask on a terminal (elsewhere: never)",
      )
        .choices(["never", "auto", "prompt"])
        .default("prompt"),
    )
    .option(
      "--allow-shell <pattern...>",
      'shell commands that run without asking, e.g. "npm test*" (* stops at ; & | > $)',
    )
    .option("--allow-write <glob...>", 'paths write_file and edit_file change without asking, e.g. "src/**"')
    .option("--json", "write one RunEvent per line (JSON) on stdout, nothing else")
    .option("-o, --output <file>", "write the final answer to FILE")
    .option(
      "--state-file <file>",
      "where to save the state when the run stops (default: .openloop/run-<time>.json)",
    )
    .option("--resume <file>", "continue a saved run")
    .option("--approve-all", "with --resume: approve every waiting call not rejected")
    .option("--reject <callId...>", "with --resume: reject these waiting calls")
    .option("--instructions <text>", "replace the agent's instructions")
    .addOption(
      new Option("--reasoning <effort>", "ask a reasoning model for this effort").choices([
        "low",
        "medium",
        "high",
      ]),
    )
    .action(async (task: string[], flags: RunFlags) => {
      outcome.code = await runCommand(task, flags, io);
    });

  program
    .command("demo")
    .description(
      "Replay a real recorded model session through the real loop, with real tools, over HTTP on 127.0.0.1, " +
        "checking every request against the recording. Needs no model server and no network.",
    )
    .option("--json", "write one RunEvent per line (JSON) on stdout")
    .action(async (flags: DemoFlags) => {
      outcome.code = await demoCommand(flags, io);
    });

  program
    .command("serve")
    .description(
      "Serve an Open Responses endpoint that runs the loop, with a sandboxed code runner, over any upstream model " +
        "(openloop serve --help for its flags).",
    )
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument("[flags...]", "the server's flags")
    .action(async (_flags: string[], _options: unknown, command: Command) => {
      outcome.code = await serveCli(command.args, io);
    });

  return program;
}
