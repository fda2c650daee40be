/** Matching workspace paths against allow-list patterns (globs or RegExps). */
import picomatch from "picomatch";
import { type AllowPattern, statelessRegExp } from "./policy.js";

/**
 * A predicate telling whether a workspace-relative path (`/`-separated) matches one of
 * `patterns`. Globs follow picomatch (`**`, `*`, `{a,b}`, `!(x)`), and match dotfiles too: an
 * allow-list is about where a write lands, and `.env` is a place.
 */
export function pathMatcher(patterns: readonly AllowPattern[]): (path: string) => boolean {
  const tests = patterns.map((pattern) => {
    if (typeof pattern === "string") return picomatch(pattern, { dot: true });
    const regex = statelessRegExp(pattern);
    return (path: string) => regex.test(path);
  });
  return (path) => tests.some((test) => test(path));
}
