/**
 * @module approval — which calls of the mutating tools (write_file, edit_file, shell) pause the
 * run for a human, through the loop's `needsApproval`. Read-only tools never ask.
 */
import { OpenloopError } from "@openloop/protocol";

/**
 * An allow-list entry. For `shell`, a string is a command pattern (`*` matches any run of
 * characters except shell operators) and a RegExp is tested against the whole command. For the
 * file tools, a string is a glob (`src/**`, `*.md`) and a RegExp is tested against the path; both
 * see the real path relative to the workspace root, with `/` separators.
 */
export type AllowPattern = string | RegExp;

/**
 * - `"never"`: calls run without asking.
 * - `"always"`: every call waits for approval.
 * - `{ allow }`: calls matching a pattern run; the others wait for approval.
 */
export type ApprovalPolicy = "never" | "always" | { allow: readonly AllowPattern[] };

/** The tools an approval policy applies to. */
export type MutatingToolName = "write_file" | "edit_file" | "shell";

/**
 * One policy for every mutating tool, or one per tool (a tool left out gets `"always"`).
 * @example
 * ```ts
 * { write_file: "never", edit_file: "never", shell: { allow: ["git status", "npm test*"] } }
 * ```
 */
export type ApprovalOption = ApprovalPolicy | Partial<Record<MutatingToolName, ApprovalPolicy>>;

const TOOLS: readonly MutatingToolName[] = ["write_file", "edit_file", "shell"];

/**
 * The policy `option` sets for `tool`.
 * @default "always" when `option` (or its entry for `tool`) is absent
 * @throws {OpenloopError} code `invalid_config` for anything that is not an {@link ApprovalOption}.
 */
export function policyFor(option: ApprovalOption | undefined, tool: MutatingToolName): ApprovalPolicy {
  if (option === undefined) return "always";
  if (isPolicy(option)) return checked(option, "approval");
  if (typeof option !== "object" || option === null) throw invalid("approval", option);
  for (const key of Object.keys(option)) {
    if (!TOOLS.includes(key as MutatingToolName)) {
      throw new OpenloopError(
        "invalid_config",
        `Expected \`approval\` keys to be ${TOOLS.join(", ")}, got \`${key}\` (read-only tools never need approval)`,
      );
    }
  }
  const policy = (option as Partial<Record<MutatingToolName, ApprovalPolicy>>)[tool];
  return policy === undefined ? "always" : checked(policy, `approval.${tool}`);
}

function isPolicy(value: unknown): value is ApprovalPolicy {
  return (
    value === "never" ||
    value === "always" ||
    (typeof value === "object" && value !== null && "allow" in value)
  );
}

function checked(policy: unknown, where: string): ApprovalPolicy {
  if (policy === "never" || policy === "always") return policy;
  const allow = (policy as { allow?: unknown } | null)?.allow;
  if (!Array.isArray(allow)) throw invalid(where, policy);
  allow.forEach((pattern: unknown, i) => {
    if (!(typeof pattern === "string" && pattern.trim() !== "") && !(pattern instanceof RegExp)) {
      throw new OpenloopError(
        "invalid_config",
        `Expected \`${where}.allow[${i}]\` to be a non-empty string or a RegExp, got ${describe(pattern)}`,
      );
    }
  });
  return policy as ApprovalPolicy;
}

function invalid(where: string, value: unknown): OpenloopError {
  return new OpenloopError(
    "invalid_config",
    `Expected \`${where}\` to be "never", "always" or { allow: [...] }, got ${describe(value)}`,
  );
}

function describe(value: unknown): string {
  return `\`${typeof value === "object" ? JSON.stringify(value) : String(value)}\` (${value === null ? "null" : typeof value})`;
}

/** A RegExp usable with `test()` any number of times: `g` and `y` would make it stateful. */
export function statelessRegExp(pattern: RegExp): RegExp {
  return pattern.global || pattern.sticky
    ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ""))
    : pattern;
}
