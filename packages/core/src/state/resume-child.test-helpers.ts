/**
 * The agent of the child-process resume test, shared by the parent (the test) and the child
 * (`resume-child-main.test-helpers.ts`): the same name, tools and model settings in both processes, as a real
 * deployment would have. Each tool appends a line to a log file, so the test can count how many
 * times each ran across both processes.
 */
import { appendFileSync } from "node:fs";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import { openResponses } from "../model/open-responses/open-responses.js";
import { tool } from "../tools/index.js";

export function makeAgent(baseURL: string, logFile: string): Agent {
  const log = (line: string) => appendFileSync(logFile, `${line}\n`);
  const list = tool({
    name: "list_files",
    description: "List files",
    parameters: z.object({}),
    execute: () => {
      log("list_files");
      return "a.tmp b.tmp thesis.tex";
    },
  });
  const remove = tool({
    name: "remove",
    description: "Delete a file",
    parameters: z.object({ path: z.string() }),
    needsApproval: true,
    execute: ({ path }) => {
      log(`remove ${path}`);
      return `removed ${path}`;
    },
  });
  return new Agent({ name: "janitor", model: openResponses({ baseURL, model: "m" }), tools: [list, remove] });
}
