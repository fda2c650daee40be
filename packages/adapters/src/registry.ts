/**
 * @module registry — models by wire API name, so the CLI, the server and config files can pick one
 * with a string: `createModel({ wire: "chat-completions", baseURL, model })`.
 */
import { type Model, type OpenResponsesOptions, openResponses, type TransportOptions } from "@openloop/core";
import { OpenloopError } from "@openloop/protocol";
import { type AnthropicMessagesOptions, anthropicMessages } from "./anthropic-messages/model.js";
import { type ChatCompletionsOptions, chatCompletions } from "./chat-completions/model.js";
import type { EndpointOptions } from "./shared/config.js";

/** The wire names registered out of the box. */
export type BuiltinWire = "responses" | "chat-completions" | "anthropic-messages";

/**
 * What {@link createModel} takes: the wire's name plus that wire's options (the endpoint settings
 * every wire shares, and whatever else the wire's factory reads).
 */
export interface ModelConfig extends EndpointOptions, TransportOptions {
  /** A registered wire name (`responses`, `chat-completions`, `anthropic-messages`, or your own). */
  wire: BuiltinWire | (string & {});
  /** Options of the chosen wire's factory (`maxTokensField`, `thinking`, `extraBody`, ...). */
  [option: string]: unknown;
}

/**
 * Builds a model for one wire from a {@link ModelConfig}.
 *
 * Contract: returns a `Model` honouring the core `Model` contract (spec events, failures as data);
 * throws an `OpenloopError` with code `invalid_config` for a configuration it cannot use.
 */
export type WireFactory = (config: ModelConfig) => Model;

const factories = new Map<string, WireFactory>();

const NAME = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * Registers `factory` under `name`. Re-registering a name throws unless `replace` is set, so two
 * plugins cannot silently take the same wire.
 *
 * @example registerWire("my-gateway", (config) => chatCompletions({ ...config, extraBody: { route: "fast" } }));
 */
export function registerWire(name: string, factory: WireFactory, options: { replace?: boolean } = {}): void {
  if (typeof name !== "string" || !NAME.test(name)) {
    throw new OpenloopError(
      "invalid_config",
      `Expected \`name\` to be a wire name of lower-case letters, digits, ".", "_" or "-", got ${JSON.stringify(name)}`,
      { param: "name" },
    );
  }
  if (typeof factory !== "function") {
    throw new OpenloopError(
      "invalid_config",
      `Expected \`factory\` to be a function, got ${typeof factory}`,
      {
        param: "factory",
      },
    );
  }
  if (factories.has(name) && !options.replace) {
    throw new OpenloopError(
      "invalid_config",
      `A wire named "${name}" is already registered (pass { replace: true } to override it).`,
      {
        param: "name",
      },
    );
  }
  factories.set(name, factory);
}

/** The registered wire names, in registration order. */
export function wireNames(): string[] {
  return [...factories.keys()];
}

/**
 * A model for `config.wire`, built by the registered factory.
 *
 * @example
 * const model = createModel({ wire: "chat-completions", baseURL: "http://localhost:8080/v1", model: "gpt-oss-20b" });
 */
export function createModel(config: ModelConfig): Model {
  const factory = typeof config?.wire === "string" ? factories.get(config.wire) : undefined;
  if (!factory) {
    throw new OpenloopError(
      "invalid_config",
      `Unknown wire ${JSON.stringify(config?.wire)}; registered wires: ${wireNames().join(", ")}.`,
      { param: "wire" },
    );
  }
  return factory(config);
}

registerWire("responses", (config) => openResponses(config as OpenResponsesOptions & ModelConfig));
registerWire("chat-completions", (config) => chatCompletions(config as ChatCompletionsOptions & ModelConfig));
registerWire("anthropic-messages", (config) =>
  anthropicMessages(config as AnthropicMessagesOptions & ModelConfig),
);
