/**
 * @module routing/default-factory — the model factory a routing table uses unless given one.
 */
import { type Model, type OpenResponsesOptions, openResponses } from "@openloop/core";
import { OpenloopError } from "@openloop/protocol";
import type { ModelFactoryConfig } from "./table.js";

/** Builds the model for a provider's wire. */
export function defaultModelFactory(config: ModelFactoryConfig): Model {
  if (config.wire === "responses") return openResponses(config as unknown as OpenResponsesOptions);
  throw new OpenloopError(
    "invalid_config",
    `Unknown wire ${JSON.stringify(config.wire)}; this build knows: responses.`,
    {
      param: "wire",
    },
  );
}
