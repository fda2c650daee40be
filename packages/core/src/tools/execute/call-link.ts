/**
 * @module tools/execute/call-link — internal: tools that orchestrate runs of their own (agents
 * used as tools) and what the loop hands them beyond the public `ToolContext`.
 *
 * A linked tool gets `ctx[CALL_LINK]`, built per call by the loop (the event sink, the shared
 * queue, a nested state to resume). It does not hold a slot of the shared queue while it runs: the
 * tools of its nested run take slots of that same queue, and a parent holding one while it waits
 * for them could deadlock a queue of concurrency 1.
 */

/** The `ToolContext` key (and `executeToolCalls` option key) of the loop's link. */
export const CALL_LINK: unique symbol = Symbol("openloop.callLink");

const linked = new WeakSet<object>();

/** Marks a tool as linked (see the module doc). */
export function markLinked<T extends object>(tool: T): T {
  linked.add(tool);
  return tool;
}

/** True for a tool marked with {@link markLinked}. */
export function isLinked(tool: object): boolean {
  return linked.has(tool);
}
