/** @module bench/loop/contenders/openloop-stream — openloop's `runStream`, every event consumed. */
import type { Contender } from "./contender.js";
import { create as createOpenloop } from "./openloop.js";

export function create(baseURL: string): Promise<Contender> {
  return createOpenloop(baseURL, true);
}
