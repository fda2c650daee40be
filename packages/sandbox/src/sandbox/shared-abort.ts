/**
 * @module sandbox/shared-abort — one listener on a caller's AbortSignal, however many runs share it.
 *
 * A server typically passes one signal (its shutdown signal, a request's) to many parallel runs.
 * A listener per run would pass Node's limit of 10 per EventTarget and print a
 * `MaxListenersExceededWarning`; instead each signal gets a single listener that fans out to the
 * runs still watching it, and is removed when the last of them stops watching.
 */

interface Watch {
  listener: () => void;
  callbacks: Set<() => void>;
}

const watches = new WeakMap<AbortSignal, Watch>();

/** Calls `callback` when `signal` aborts; the returned function stops watching. */
export function watchAbort(signal: AbortSignal, callback: () => void): () => void {
  let watch = watches.get(signal);
  if (watch === undefined) {
    const callbacks = new Set<() => void>();
    const listener = () => {
      watches.delete(signal);
      for (const cb of callbacks) cb();
    };
    watch = { listener, callbacks };
    watches.set(signal, watch);
    signal.addEventListener("abort", listener, { once: true });
  }
  const own = watch;
  own.callbacks.add(callback);
  return () => {
    own.callbacks.delete(callback);
    if (own.callbacks.size === 0 && watches.get(signal) === own) {
      watches.delete(signal);
      signal.removeEventListener("abort", own.listener);
    }
  };
}

/**
 * A signal of the sandbox's own that follows `outer`, and the function that detaches it (call it
 * when the run is over). Everything inside a run listens to this one, never to the caller's.
 */
export function followSignal(outer: AbortSignal): { signal: AbortSignal; detach: () => void } {
  const controller = new AbortController();
  if (outer.aborted) {
    controller.abort(outer.reason);
    return { signal: controller.signal, detach: () => {} };
  }
  const detach = watchAbort(outer, () => controller.abort(outer.reason));
  return { signal: controller.signal, detach };
}
