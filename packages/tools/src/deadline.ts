/**
 * A signal that aborts when the caller's does or when a time limit passes, and says which.
 * Its timer and listener are removed by `dispose()`, so none outlives the call.
 */
export interface Deadline {
  readonly signal: AbortSignal;
  /** Whether the time limit (not the caller's signal) ended it. */
  readonly expired: boolean;
  dispose(): void;
}

export function deadline(parent: AbortSignal, ms: number): Deadline {
  const controller = new AbortController();
  let expired = false;
  const onAbort = () => controller.abort(parent.reason);
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new Error(`time limit of ${ms} ms reached`));
  }, ms);
  if (parent.aborted) onAbort();
  else parent.addEventListener("abort", onAbort, { once: true });
  return {
    signal: controller.signal,
    get expired() {
      return expired && !parent.aborted;
    },
    dispose() {
      clearTimeout(timer);
      parent.removeEventListener("abort", onAbort);
    },
  };
}
