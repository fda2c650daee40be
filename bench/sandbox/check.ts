/**
 * @module bench/sandbox/check — every measured run's answer is checked: a run that failed
 * (a syntax error, a crashed worker, a timeout) returns quickly, and must never be measured as a
 * fast one.
 */

/** The work every case runs: a small loop whose value is known. */
export const CODE = "let s = 0; for (let i = 0; i < 1000; i++) s += i; s";
/** What `CODE` evaluates to. */
export const EXPECTED = 499_500;

/** The part of a sandbox `RunResult` the check reads. */
interface SandboxAnswer {
  status: string;
  result: { json: string | null } | null;
  error: { message?: string } | null;
}

/** Throws unless a sandbox run completed with `EXPECTED`. */
export function expectSandboxAnswer(run: SandboxAnswer): void {
  if (run.status !== "ok" || run.result?.json !== String(EXPECTED))
    throw new Error(
      `sandbox run: expected status ok and ${EXPECTED}, got ${run.status} ${run.result?.json ?? run.error?.message ?? ""}`,
    );
}

/** Throws unless a bare isolated-vm eval returned `EXPECTED`. */
export function expectBareAnswer(value: unknown): void {
  if (value !== EXPECTED)
    throw new Error(`bare isolated-vm eval: expected ${EXPECTED}, got ${String(value)}`);
}
