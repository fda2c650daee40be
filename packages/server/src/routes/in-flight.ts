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
