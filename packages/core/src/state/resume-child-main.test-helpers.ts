/**
 * The child process of the resume test: loads a serialized `RunState`, approves or rejects its
 * pending calls as told, resumes the run against the mock server, and prints the outcome as JSON.
 * Usage: node --conditions=source --import tsx resume-child-main.test-helpers.ts <baseURL> <stateFile> <logFile>
 */
import { readFileSync } from "node:fs";
import { run } from "../run/run.js";
import { makeAgent } from "./resume-child.test-helpers.js";
import { RunState } from "./run-state.js";

const [baseURL, stateFile, logFile] = process.argv.slice(2) as [string, string, string];
const agent = makeAgent(baseURL, logFile);
const state = RunState.fromJSON(readFileSync(stateFile, "utf8"), agent);
for (const call of state.pendingApprovals) {
  const path = (call.args as { path: string }).path;
  if (path.endsWith(".tmp")) state.approve(call.callId);
  else state.reject(call.callId, { message: `Kept ${path}.` });
}
const result = await run(agent, state);
process.stdout.write(
  JSON.stringify({
    status: result.status,
    finalOutput: result.finalOutput,
    turns: result.turns,
    items: result.items.length,
  }),
);
