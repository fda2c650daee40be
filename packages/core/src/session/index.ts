/** @module session — conversations across runs: the `Session` interface, `MemorySession`, history policies. */
export { estimateTokens, type HistoryPolicy, keepLastTurns, tokenBudget } from "./history.js";
export { MemorySession } from "./memory-session.js";
export type { Session } from "./session.js";
