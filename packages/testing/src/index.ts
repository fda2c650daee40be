/** @module @openloop/testing — Test doubles at the model boundary: ScriptedModel and startMockServer. */

export {
  type MockRequest,
  type MockServer,
  type MockServerOptions,
  startMockServer,
} from "./mock-server/mock-server.js";
export {
  functionCall,
  type ReasoningOptions,
  reasoning,
  refusal,
  type ScriptItem,
  text,
} from "./script/items.js";
export {
  cutConnection,
  failMidStream,
  httpError,
  type ScriptFailure,
  type ScriptResponse,
  type ScriptTurn,
  stall,
} from "./script/turns.js";
export { ScriptedModel, type ScriptedModelOptions } from "./scripted-model/scripted-model.js";
