/**
 * @module bench/report/notes — what the profile shows, for each target a run may miss. Written
 * by hand from `node --cpu-prof` runs (see docs/benchmarks.md, "Profiling"); printed beside a
 * target only when the run missed it.
 */
export const MISSED_TARGET_NOTES: Record<string, string> = {};
