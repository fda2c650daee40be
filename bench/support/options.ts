/**
 * @module bench/support/options — `pnpm bench`'s command line, checked before anything runs.
 *
 * Why strict: a run ends by overwriting `bench/results/latest.json` and the results section of
 * docs/benchmarks.md, so a typo (`--only lop`, `--rounds x`) must stop with a message instead of
 * publishing an empty or NaN-filled report over the last good one.
 */

/** The parts of the benchmark `--only` can pick. */
export const PARTS = ["loop", "sse", "sandbox"] as const;
export type Part = (typeof PARTS)[number];

export interface BenchOptions {
  quick: boolean;
  /** Rounds of the loop and SSE benchmarks. */
  rounds: number;
  only: ReadonlySet<Part>;
  /** Minutes to wait for a quiet machine first; undefined: do not wait. */
  waitQuietMinutes: number | undefined;
  renderOnly: boolean;
}

export const USAGE =
  "usage: pnpm bench [--quick] [--rounds N] [--only loop,sse,sandbox] [--wait-quiet[=MINUTES]] [--render-only]";

/** Parses `pnpm bench`'s arguments; throws an Error naming the bad argument and the usage. */
export function parseBenchArgs(args: readonly string[]): BenchOptions {
  const fail = (message: string): never => {
    throw new Error(`${message}\n${USAGE}`);
  };
  const options: BenchOptions = {
    quick: false,
    rounds: 0,
    only: new Set(PARTS),
    waitQuietMinutes: undefined,
    renderOnly: false,
  };
  let rounds: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    // `--name value` or `--name=value`, for the options that take one.
    const value = () => {
      if (inline !== undefined) return inline;
      const next = args[i + 1];
      if (next === undefined || next.startsWith("--")) return fail(`${name} needs a value`);
      i++;
      return next;
    };
    switch (name) {
      case "--":
        // `pnpm bench -- --quick` hands the separator on: nothing to do.
        break;
      case "--quick":
      case "--render-only":
        if (inline !== undefined) fail(`${name} takes no value`);
        if (name === "--quick") options.quick = true;
        else options.renderOnly = true;
        break;
      case "--rounds": {
        const text = value();
        rounds = Number(text);
        if (!Number.isInteger(rounds) || rounds < 1)
          fail(`--rounds must be a whole number of at least 1, got ${JSON.stringify(text)}`);
        break;
      }
      case "--only": {
        const parts = value()
          .split(",")
          .map((p) => p.trim());
        const unknown = parts.filter((p) => !(PARTS as readonly string[]).includes(p));
        if (unknown.length > 0 || parts.length === 0)
          fail(
            `--only takes ${PARTS.join(", ")} (comma-separated), got ${JSON.stringify(unknown.join(","))}`,
          );
        options.only = new Set(parts as Part[]);
        break;
      }
      case "--wait-quiet": {
        const minutes = inline === undefined ? 30 : Number(inline);
        if (!Number.isFinite(minutes) || minutes <= 0)
          fail(`--wait-quiet=MINUTES needs a positive number of minutes, got ${JSON.stringify(inline)}`);
        options.waitQuietMinutes = minutes;
        break;
      }
      default:
        fail(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  options.rounds = rounds ?? (options.quick ? 1 : 3);
  return options;
}
