/**
 * @module bench/loop/contenders/contender — what each framework under test provides: one run of
 * each workload, checked (a run that does not end with the scripted answer throws, so a broken
 * adapter can never be measured as a fast one).
 */

export interface Contender {
  /** Workload A: the 10-turn tool loop, streamed. */
  a(): Promise<void>;
  /** Workload Aj: the same loop without streaming. */
  aj(): Promise<void>;
  /** Workload B: one stream of 2,000 text deltas. */
  b(): Promise<void>;
}

/** The frameworks, in the order tables list them. */
export const CONTENDERS = ["floor", "openloop", "openloop-stream", "agents", "ai"] as const;
export type ContenderName = (typeof CONTENDERS)[number];

/** Throws when a run ended with the wrong answer. */
export function expectRun(
  name: string,
  workload: string,
  got: { text: unknown; calls: number },
  want: { text: string; calls: number },
): void {
  if (got.text !== want.text || got.calls !== want.calls) {
    const text =
      typeof got.text === "string"
        ? `${got.text.slice(0, 60)}… (${got.text.length} chars)`
        : String(got.text);
    throw new Error(
      `${name} ${workload}: expected ${want.calls} tool calls and the scripted final text, got ${got.calls} calls and ${text}`,
    );
  }
}
