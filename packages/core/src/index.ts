/** @module @openloop/core — The openloop agent loop: Agent, run, runStream, tool, tool_choice policy, RunState, the Model interface and the HTTP Open Responses model. */
export * from "./tools/index.js";
