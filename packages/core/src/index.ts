/** @module @openloop/core — The openloop agent loop: Agent, run, runStream, tool, tool_choice policy, RunState, the Model interface and the HTTP Open Responses model. */

export {
  ModelHttpError,
  OpenloopError,
  type OpenloopErrorCode,
} from "@openloop/protocol";
export { failedEvent, failureOf } from "./model/failure.js";
export type { Model, ModelCapabilities, ModelRequestOptions } from "./model/model.js";
export { type HttpErrorInit, modelHttpError } from "./model/open-responses/http-error.js";
export { openResponses } from "./model/open-responses/open-responses.js";
export type { OpenResponsesOptions, RetryInfo } from "./model/open-responses/options.js";
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
export * from "./tools/index.js";
