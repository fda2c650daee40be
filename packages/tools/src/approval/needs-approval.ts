/** Turning an approval policy into the `needsApproval` a tool hands to the loop. */
import type { Workspace } from "../workspace/index.js";
import { commandMatcher } from "./command-pattern.js";
import { pathMatcher } from "./path-pattern.js";
import type { ApprovalPolicy } from "./policy.js";

/** `needsApproval` for `shell`: allow-list patterns match the command. */
export function commandApproval(policy: ApprovalPolicy): boolean | ((args: { command: string }) => boolean) {
  if (typeof policy === "string") return policy === "always";
  const allowed = commandMatcher(policy.allow);
  return ({ command }) => !allowed(command);
}

/**
 * `needsApproval` for the file tools: allow-list patterns match where the write really lands
 * (symbolic links resolved), relative to the root. A path the jail refuses matches nothing, so it
 * is put to a human, who sees the call; the tool then refuses it anyway.
 */
export function pathApproval(
  policy: ApprovalPolicy,
  workspace: Workspace,
): boolean | ((args: { path: string }) => Promise<boolean>) {
  if (typeof policy === "string") return policy === "always";
  const allowed = pathMatcher(policy.allow);
  return async ({ path }) => {
    try {
      return !allowed(workspace.relative(await workspace.resolve(path)));
    } catch {
      return true;
    }
  };
}
