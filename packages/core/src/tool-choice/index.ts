/** @module tool-choice — `tool_choice` enforced on the client: the policy and the request it sends. */
export { correctionText } from "./messages.js";
export {
  type CallVerdict,
  decideToolCalls,
  nextToolChoice,
  type ToolChoiceDecision,
  type ToolChoiceViolation,
} from "./policy.js";
export { type ToolChoiceRequest, toolChoiceRequest } from "./request.js";
