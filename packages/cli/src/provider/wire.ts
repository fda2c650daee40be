/**
 * @module provider/wire — a model for a wire API name, through the adapters' registry
 * (`responses`, `chat-completions`, `anthropic-messages`, and any wire registered with `registerWire`).
 */
import { createModel, wireNames } from "@openloop/adapters";
import type { Model } from "@openloop/core";
import { usageError } from "../exit-codes.js";

/** Settings to build a model on one wire. */
export interface WireConfig {
  wire: string;
  baseURL: string;
  model: string;
  apiKey?: string;
}

/** The wires `--wire` accepts. */
export function knownWires(): string[] {
  return wireNames();
}

/** A model for `config`; an unknown wire is a usage error listing the known ones. */
export function modelForWire(config: WireConfig): Model {
  if (!knownWires().includes(config.wire))
    throw usageError(`Unknown --wire ${JSON.stringify(config.wire)}: use one of ${knownWires().join(", ")}.`);
  return createModel({
    wire: config.wire,
    baseURL: config.baseURL,
    model: config.model,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
  });
}
