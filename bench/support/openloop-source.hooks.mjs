/**
 * Module resolve hook for bench children: how `@openloop/*` loads, and nothing else.
 *
 * - A package whose `dist/` is built and newer than every file in its `src/` loads from `dist/`:
 *   the JavaScript users install, so import cost (RSS) and CPU are what they get, not tsx's
 *   compiled sources (about 2 MB more heap for `@openloop/core`). `pnpm build` first to measure it.
 * - Otherwise (never built, or edited since) from `src/` through the `source` export condition, so
 *   that a bench never measures stale code.
 *
 * `--conditions=source` (how the repo runs TypeScript without a build) is global, and some
 * third-party packages export a `source` condition too (`eventsource-parser`, used by openloop
 * and by the `ai` SDK): with it they load as TypeScript through tsx instead of their published
 * JavaScript, which is not what users run. Bench children resolve everything else as published.
 */
import { readdirSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** Package root → whether its built entry is current. */
const fresh = new Map();

/** The newest modification time of any file under `dir` (0 when it does not exist). */
function newest(dir) {
  let max = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return max;
}

/**
 * True when `root/dist/index.js` is newer than every file in `root/src/` (tsc writes every output
 * on each build, the entry point included). Checked once per package per process.
 */
export function isFresh(root) {
  let known = fresh.get(root);
  if (known === undefined) {
    const built = statSync(join(root, "dist", "index.js"), { throwIfNoEntry: false })?.mtimeMs ?? 0;
    known = built > 0 && built >= newest(join(root, "src"));
    fresh.set(root, known);
  }
  return known;
}

export async function resolve(specifier, context, nextResolve) {
  if (!specifier.startsWith("@openloop/")) return nextResolve(specifier, context);
  const built = await nextResolve(specifier, context).catch(() => undefined);
  if (built?.url.startsWith("file:")) {
    const file = fileURLToPath(built.url);
    const at = file.lastIndexOf(`${sep}dist${sep}`);
    if (at !== -1 && isFresh(file.slice(0, at))) return built;
  }
  return nextResolve(specifier, { ...context, conditions: [...context.conditions, "source"] });
}
