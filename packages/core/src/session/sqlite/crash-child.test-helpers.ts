/**
 * The child process of the crash test: two runs against the mock server with a SQLite session.
 * The first completes; the second completes one turn, then calls a tool that announces itself on
 * stdout and never returns, so the parent can SIGKILL the process in the middle of a turn.
 * Usage: node --conditions=source --import tsx crash-child.test-helpers.ts <baseURL> <dbFile>
 */
import { z } from "zod";
import { Agent } from "../../agent/agent.js";
import { openResponses } from "../../model/open-responses/open-responses.js";
import { run } from "../../run/run.js";
import { tool } from "../../tools/index.js";
import { SqliteSession } from "./sqlite-session.js";

const [baseURL, dbFile] = process.argv.slice(2) as [string, string];
const note = tool({
  name: "note",
  description: "Take a note",
  parameters: z.object({ text: z.string() }),
  execute: ({ text }) => `noted: ${text}`,
});
const hang = tool({
  name: "hang",
  description: "Never returns",
  parameters: z.object({}),
  execute: () =>
    new Promise<string>(() => {
      process.stdout.write("hanging\n");
    }),
});
const agent = new Agent({
  name: "notes",
  model: openResponses({ baseURL, model: "m" }),
  tools: [note, hang],
});
const session = new SqliteSession({ path: dbFile, sessionId: "crash" });
await run(agent, "Note milk", { session });
await run(agent, "Note eggs, then wait", { session });
