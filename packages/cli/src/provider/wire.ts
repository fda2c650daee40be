/**
 * @module provider/wire — a model for a wire API name, through the adapters' registry.
 */
import { type Model, openResponses } from "@openloop/core";
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
  return ["responses"];
}

/** A model for `config`; an unknown wire is a usage error listing the known ones. */
export function modelForWire(config: WireConfig): Model {
  if (!knownWires().includes(config.wire))
    throw usageError(`Unknown --wire ${JSON.stringify(config.wire)}: use one of ${knownWires().join(", ")}.`);
  return openResponses({
    baseURL: config.baseURL,
    model: config.model,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
  });
}
