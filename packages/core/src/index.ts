/** @module @openloop/core — The openloop agent loop: Agent, run, runStream, tool, tool_choice policy, RunState, the Model interface and the HTTP Open Responses model. */

export {
  ModelHttpError,
  OpenloopError,
  type OpenloopErrorCode,
} from "@openloop/protocol";
export { failedEvent, failureOf } from "./model/failure.js";
export type { Model, ModelCapabilities, ModelRequestOptions } from "./model/model.js";
export { type HttpErrorInit, modelHttpError } from "./model/open-responses/http-error.js";
export * from "./tools/index.js";
