export { ModelHttpError } from "./model-http-error.js";
export {
  type ErrorPayloadShape,
  OpenloopError,
  type OpenloopErrorCode,
  type OpenloopErrorOptions,
} from "./openloop-error.js";
