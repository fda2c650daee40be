/**
 * Module resolve hook for bench children: the `source` export condition for `@openloop/*` only.
 *
 * `--conditions=source` (how the repo runs TypeScript without a build) is global, and some
 * third-party packages export a `source` condition too (`eventsource-parser`, used by openloop
 * and by the `ai` SDK): with it they load as TypeScript through tsx instead of their published
 * JavaScript, which is not what users run. Bench children resolve everything else as published.
 */
export async function resolve(specifier, context, nextResolve) {
  if (specifier.startsWith("@openloop/"))
    return nextResolve(specifier, { ...context, conditions: [...context.conditions, "source"] });
  return nextResolve(specifier, context);
}
