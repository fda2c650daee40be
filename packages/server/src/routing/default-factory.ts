/**
 * @module routing/default-factory — the model factory a routing table uses unless given one: the
 * adapters' wire registry (`responses`, `chat-completions`, `anthropic-messages`, and any wire
 * registered with `registerWire`).
 */

import { createModel, type ModelConfig, wireNames } from "@openloop/adapters";
import type { Model } from "@openloop/core";
import type { ModelFactoryConfig } from "./table.js";

/** Builds the model for a provider's wire through the adapters registry. */
export function defaultModelFactory(config: ModelFactoryConfig): Model {
  return createModel(config as ModelConfig);
}

/** The wires the default factory knows (checked when the routing table is built). */
export function knownWires(): readonly string[] {
  return wireNames();
}
