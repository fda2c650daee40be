/**
 * @module bench/loop/contenders — loading one contender by name (dynamically, so a process that
 * measures one framework never loads another).
 */
import type { Contender, ContenderName } from "./contender.js";

export { CONTENDERS, type Contender, type ContenderName } from "./contender.js";

const MODULES: Record<ContenderName, string> = {
  floor: "./floor.js",
  openloop: "./openloop.js",
  "openloop-stream": "./openloop-stream.js",
  agents: "./agents.js",
  ai: "./ai.js",
};

/** Imports a contender's module (and so its framework) and builds it against `baseURL`. */
export async function loadContender(name: ContenderName, baseURL: string): Promise<Contender> {
  const module = (await import(MODULES[name])) as { create(baseURL: string): Promise<Contender> };
  return module.create(baseURL);
}
