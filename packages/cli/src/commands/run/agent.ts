/**
 * @module commands/run/agent — the agent `openloop run` drives (the same one again on `--resume`).
 */
import { Agent, type AgentTool, type Model } from "@openloop/core";
import type { RunSettings } from "./settings.js";

/** The agent's name: a saved state resumes only with an agent of the same name. */
export const AGENT_NAME = "openloop";

function defaultInstructions(settings: RunSettings, toolNames: readonly string[]): string {
  const lines = [
    "You are openloop, an agent doing a task headlessly: nobody answers questions mid-task, so make",
    "reasonable choices and carry on. Work step by step with your tools, check your work, and finish",
    "with a short answer that states the result.",
  ];
  if (toolNames.some((name) => name !== "run_javascript"))
    lines.push(`Your workspace is ${settings.workspace}: file paths are relative to it.`);
  return lines.join(" ");
}

/** The agent for `settings`, `model` and `tools`. */
export function buildAgent(
  settings: RunSettings,
  model: Model,
  tools: readonly AgentTool[],
  toolNames: readonly string[],
): Agent {
  return new Agent({
    name: AGENT_NAME,
    instructions: settings.instructions ?? defaultInstructions(settings, toolNames),
    model,
    tools,
    maxTurns: settings.maxTurns,
    ...(settings.maxTokens !== undefined ? { maxTokens: settings.maxTokens } : {}),
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    ...(settings.reasoning !== undefined
      ? { reasoning: { effort: settings.reasoning, summary: "auto" } }
      : {}),
  });
}
