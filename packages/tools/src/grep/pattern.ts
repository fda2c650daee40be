import { toolError } from "../errors.js";

/**
 * The RegExp for a grep pattern. Tried with the `u` flag first (so `\p{L}` works), then without
 * (so the looser escapes other greps accept, like `\-`, work too).
 * @throws a tool error for a pattern that is not a valid JavaScript regular expression.
 */
export function compilePattern(pattern: string, options: { fixed: boolean; ignoreCase: boolean }): RegExp {
  const flags = options.ignoreCase ? "i" : "";
  if (options.fixed) return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), flags);
  try {
    return new RegExp(pattern, `${flags}u`);
  } catch {
    try {
      return new RegExp(pattern, flags);
    } catch (error) {
      throw toolError(
        `${(error as Error).message}. Use JavaScript regular expression syntax and escape special characters ` +
          "with a backslash, or set fixed_strings to true to search for the text as is.",
        { pattern },
      );
    }
  }
}
