/** The environment a shell command gets: enough to work, none of the parent's secrets. */

/** Variables copied from the parent environment (when set). Nothing else is. */
export const PASSED_ENV = [
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "LANG",
  "LC_ALL",
  "LC_CTYPE",
  "TZ",
  "TMPDIR",
] as const;

/**
 * A fresh environment: the {@link PASSED_ENV} variables and those named in `pass`, taken from
 * `parent`; `TERM=dumb` and `NO_COLOR=1` so tools print plain text; then `extra` on top.
 * API keys and other secrets of the parent are never passed unless named.
 */
export function scrubbedEnv(
  parent: NodeJS.ProcessEnv,
  pass: readonly string[] = [],
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of [...PASSED_ENV, ...pass]) {
    const value = parent[name];
    if (value !== undefined) env[name] = value;
  }
  env.PATH ??= "/usr/local/bin:/usr/bin:/bin";
  env.LANG ??= "C.UTF-8";
  env.TERM = "dumb";
  env.NO_COLOR = "1";
  return Object.assign(env, extra);
}
