export { commandApproval, pathApproval } from "./needs-approval.js";
export {
  type AllowPattern,
  type ApprovalOption,
  type ApprovalPolicy,
  type MutatingToolName,
  policyFor,
} from "./policy.js";
