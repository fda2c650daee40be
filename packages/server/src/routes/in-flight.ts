/**
 * @module routes/in-flight — responses in flight, so a shutdown can wait for them.
 */
import type { InFlight, ServerState } from "../state.js";

/** Registers a response in flight; `end()` (idempotent) removes it and settles its `done`. */
export function trackInFlight(state: ServerState, controller: AbortController): { end(): void } {
  let settle!: () => void;
  const entry: InFlight = {
    done: new Promise<void>((resolve) => {
      settle = resolve;
    }),
    abort: () => controller.abort(new Error("The server is shutting down.")),
  };
  state.inFlight.add(entry);
  return {
    end() {
      if (!state.inFlight.delete(entry)) return;
      settle();
    },
  };
}

/**
 * One HTTP request's hold on the server: a concurrency slot (throws `rate_limited` when none is
 * free), its place among the responses in flight (a shutdown waits for it and aborts it), and a
 * signal that also aborts when the client goes away. `end()` gives all three back; call it once.
 */
export function holdRequest(state: ServerState, client: AbortSignal): { signal: AbortSignal; end(): void } {
  const release = state.limiter.acquire();
  const controller = new AbortController();
  const flight = trackInFlight(state, controller);
  const onAbort = () => controller.abort(client.reason);
  client.addEventListener("abort", onAbort, { once: true });
  return {
    signal: controller.signal,
    end() {
      release();
      client.removeEventListener("abort", onAbort);
      flight.end();
    },
  };
}
