/**
 * @module run/follow-signal — runs following their caller's `AbortSignal`, with one listener per
 * signal however many runs share it.
 *
 * One app-wide signal passed to 50 concurrent runs would otherwise carry 50 listeners, and Node
 * warns past 10 (`MaxListenersExceededWarning`) although nothing leaks. Raising the limit on the
 * caller's signal would hide the caller's own leaks, so the runs share one listener instead.
 */

interface Followers {
  controllers: Set<AbortController>;
  listener: () => void;
}

const followersOf = new WeakMap<AbortSignal, Followers>();

/**
 * Aborts `controller` (with the signal's reason) when `signal` aborts, at once if it already has.
 * Returns the function that stops following; the signal's listener goes once no run follows it.
 */
export function followSignal(signal: AbortSignal, controller: AbortController): () => void {
  if (signal.aborted) {
    controller.abort(signal.reason);
    return () => undefined;
  }
  let followers = followersOf.get(signal);
  if (followers === undefined) {
    const controllers = new Set<AbortController>();
    const listener = () => {
      followersOf.delete(signal);
      for (const follower of controllers) follower.abort(signal.reason);
    };
    followers = { controllers, listener };
    followersOf.set(signal, followers);
    signal.addEventListener("abort", listener, { once: true });
  }
  const current = followers;
  current.controllers.add(controller);
  return () => {
    current.controllers.delete(controller);
    if (current.controllers.size === 0 && followersOf.get(signal) === current) {
      followersOf.delete(signal);
      signal.removeEventListener("abort", current.listener);
    }
  };
}
