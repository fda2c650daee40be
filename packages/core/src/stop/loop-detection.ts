/**
 * @module stop/loop-detection — the same call with the same arguments, over and over.
 *
 * Models stuck in a loop call one tool with identical arguments again and again. The detector
 * follows the run's executed calls in call order and counts how many times in a row the same call
 * (name + arguments, key order ignored) came; the call that would make the streak reach the
 * threshold is not run, and the run fails with `loop_detected`.
 */

/** Loop-detection settings; `false` turns detection off. */
export interface LoopDetectionOptions {
  /**
   * How many identical calls in a row count as a loop (the last one is not run).
   * @default 3
   */
  threshold?: number;
}

/** The detector's memory, kept in the run state (it survives a pause). */
export interface LoopTrack {
  /** The fingerprint of the last executed call, or null before the first. */
  last: string | null;
  /** How many times in a row `last` ran. */
  streak: number;
}

/** A detected loop: the call and how many times in a row it would have run. */
export interface DetectedLoop {
  name: string;
  arguments: string;
  count: number;
}

/** A stable identity for a call: its name and its arguments with object keys sorted. */
export function fingerprint(name: string, args: string): string {
  let canonical = args.trim();
  try {
    canonical = JSON.stringify(sortKeys(JSON.parse(canonical === "" ? "{}" : canonical)));
  } catch {
    // Not JSON: compare the text as sent.
  }
  return `${name}\u0000${canonical}`;
}

/**
 * Fingerprints by call item: a turn's calls are checked before they run and recorded after, and
 * each fingerprint parses and re-serializes the arguments.
 */
const fingerprints = new WeakMap<object, string>();

function fingerprintOf(call: { name: string; arguments: string }): string {
  let fp = fingerprints.get(call);
  if (fp === undefined) {
    fp = fingerprint(call.name, call.arguments);
    fingerprints.set(call, fp);
  }
  return fp;
}

/**
 * The first of `calls` that would complete a streak of `threshold` identical calls, following on
 * from `track`; `undefined` when none would. Does not change `track`.
 */
export function findLoop(
  track: LoopTrack,
  calls: readonly { name: string; arguments: string }[],
  threshold: number,
): DetectedLoop | undefined {
  let { last, streak } = track;
  for (const call of calls) {
    const fp = fingerprintOf(call);
    streak = fp === last ? streak + 1 : 1;
    last = fp;
    if (streak >= threshold) return { name: call.name, arguments: call.arguments, count: streak };
  }
  return undefined;
}

/** Records executed calls, in call order, into `track`. */
export function recordCalls(track: LoopTrack, calls: readonly { name: string; arguments: string }[]): void {
  for (const call of calls) {
    const fp = fingerprintOf(call);
    track.streak = fp === track.last ? track.streak + 1 : 1;
    track.last = fp;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
