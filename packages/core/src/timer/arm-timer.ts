/**
 * @module timer/arm-timer — timers for user-given durations: the run's `timeoutMs`, `toolTimeoutMs`,
 * a tool's `timeoutMs`, and the HTTP models' `timeoutMs` and `idleTimeoutMs`.
 *
 * Node's `setTimeout` fires after 1 ms (with a `TimeoutOverflowWarning`) for any delay above
 * 2^31-1 ms, so a "very long" budget such as `Number.MAX_SAFE_INTEGER` would expire at once.
 * Delays that long (about 24.8 days, and `Infinity`) mean "no timer". The one place this rule
 * lives: the loop, `openResponses()` and the adapters all arm their timers here.
 */

/** The longest delay `setTimeout` honours. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Calls `fire` after `ms`, or never for `ms` above {@link MAX_TIMER_MS}; returns the timer, if any. */
export function armTimer(ms: number, fire: () => void): ReturnType<typeof setTimeout> | undefined {
  return ms > MAX_TIMER_MS ? undefined : setTimeout(fire, ms);
}
