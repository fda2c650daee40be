/** @module @openloop/core — The openloop agent loop: Agent, run, runStream, tool, tool_choice policy, RunState, the Model interface and the HTTP Open Responses model. */

export {
  ModelHttpError,
  OpenloopError,
  type OpenloopErrorCode,
} from "@openloop/protocol";
export { Agent } from "./agent/agent.js";
export type {
  AgentOptions,
  AgentTool,
  HostedTool,
  InstructionsContext,
  ModelSettings,
  StopWhenContext,
} from "./agent/options.js";
export type { AgentToolOptions } from "./agent-tool/as-tool.js";
export { RunError } from "./errors/run-error.js";
export type {
  AgentEvent,
  ApprovalRequestedEvent,
  LoopEvent,
  OutputCompletedEvent,
  OutputInvalidEvent,
  OutputPartialEvent,
  RunCompletedEvent,
  RunEvent,
  RunFailedEvent,
  RunInterruptedEvent,
  RunStartedEvent,
  RunStoppedEvent,
  ToolCallArgumentsDeltaEvent,
  ToolCallCompletedEvent,
  ToolCallFailedEvent,
  ToolCallRejectedEvent,
  ToolCallStartedEvent,
  ToolChoiceViolatedEvent,
  TurnCompletedEvent,
  TurnRetryingEvent,
  TurnStartedEvent,
} from "./events/run-event.js";
export { failedEvent, failureOf } from "./model/failure.js";
export {
  type Answer,
  fetchWithRetries,
  type HttpErrorInit,
  isRetryableStatus,
  modelHttpError,
  type ResolvedTransport,
  type RetriedRequest,
  type RetryInfo,
  resolveTransport,
  retryAfterMs,
  retryDelay,
  type TransportOptions,
} from "./model/http/index.js";
export type { Model, ModelCapabilities, ModelRequestOptions } from "./model/model.js";
export { openResponses } from "./model/open-responses/open-responses.js";
export type { OpenResponsesOptions } from "./model/open-responses/options.js";
export type { Env, PresetOptions } from "./model/presets/presets.js";
export {
  fromEnv,
  huggingFace,
  lmStudio,
  ollama,
  openai,
  openRouter,
  vllm,
} from "./model/presets/providers.js";
export type { OutputSchema } from "./output/output-schema.js";
export type { RunOptions } from "./run/options.js";
export type { MessageShorthand, RunInput } from "./run/prepare.js";
export type { RunResult } from "./run/result.js";
export { run } from "./run/run.js";
export { runStream, type StreamedRun } from "./run/run-stream.js";
export * from "./session/index.js";
export type { ApprovalDecision, RunItem } from "./state/data.js";
export { type PendingApproval, RunState } from "./state/run-state.js";
export type { LoopDetectionOptions } from "./stop/loop-detection.js";
export type { RunStatus, StopCode, StopReason } from "./stop/stop-reason.js";
export type { ToolUseBehavior } from "./stop/tool-use-behavior.js";
export { armTimer } from "./timer/arm-timer.js";
export * from "./tool-choice/index.js";
export * from "./tools/index.js";
