/**
 * @module routing/table — the request's `model` → the `Model` that answers it.
 *
 * Names are `provider/model`: `local/llama3` goes to the provider `local` (a wire API, a base URL,
 * a key) asking for its model `llama3`. Aliases rename (`gpt-4o` → `openai/gpt-4o`), `defaultModel`
 * answers requests without a `model`, and `models` maps exact names to `Model` objects (any model,
 * a test double included).
 */
import type { Model } from "@openloop/core";
import { OpenloopError } from "@openloop/protocol";

/** One upstream server. */
export interface ProviderConfig {
  /** The wire API: `responses`, `chat-completions`, `anthropic-messages` (or a registered one). */
  wire: string;
  /** The API root, e.g. `http://127.0.0.1:8080/v1`. */
  baseURL: string;
  /** The upstream key. Prefer `apiKeyEnv` in files, so keys stay out of them. */
  apiKey?: string;
  /** The environment variable holding the upstream key. */
  apiKeyEnv?: string;
  /** Extra headers on every upstream request. */
  headers?: Record<string, string>;
  /** When set, only these upstream model names may be asked for (others: `model_not_found`). */
  models?: string[];
  /** Other options of the wire's model factory (`maxRetries`, `timeoutMs`, `thinking`, ...). */
  options?: Record<string, unknown>;
}

/** The routing table, as a JSON file or options hold it. */
export interface RoutingConfig {
  /** Upstreams by provider name (the part before the first `/`). */
  providers?: Record<string, ProviderConfig>;
  /** Names that stand for others: `{ "fast": "local/qwen3-4b" }`. */
  aliases?: Record<string, string>;
  /** The model for requests that name none. */
  defaultModel?: string;
}

/** What a wire's factory receives (the adapters registry's `ModelConfig`). */
export type ModelFactoryConfig = { wire: string; baseURL: string; model: string; [option: string]: unknown };

/** Builds a model for one wire (the adapters registry's `createModel`). */
export type ModelFactory = (config: ModelFactoryConfig) => Model;

/** A resolved route. */
export interface Route {
  /** The name as requested (echoed as the response's `model`). */
  name: string;
  /** The name the route resolved to (after aliases), e.g. `local/llama3`. */
  target: string;
  model: Model;
}

const PROVIDER_NAME = /^[A-Za-z0-9._-]+$/;
/** Models built per name are cached; the table's size bounds what clients can make us keep. */
const CACHE_LIMIT = 256;

/** Resolves request `model` names to models. */
export class RoutingTable {
  readonly #providers: ReadonlyMap<string, ProviderConfig>;
  readonly #aliases: ReadonlyMap<string, string>;
  readonly #models: ReadonlyMap<string, Model>;
  readonly #default: string | undefined;
  readonly #factory: ModelFactory;
  readonly #env: Record<string, string | undefined>;
  readonly #cache = new Map<string, Model>();

  /**
   * @throws {OpenloopError} `invalid_config` for a malformed table (the message names the entry).
   */
  constructor(
    config: RoutingConfig & { models?: Record<string, Model> },
    options: {
      factory: ModelFactory;
      env?: Record<string, string | undefined>;
      /** The wire names the factory knows; a provider naming another is refused up front. */
      wires?: readonly string[];
    },
  ) {
    const providers = new Map<string, ProviderConfig>();
    for (const [name, provider] of Object.entries(config.providers ?? {})) {
      if (!PROVIDER_NAME.test(name))
        invalid(`providers: "${name}" is not a provider name (letters, digits, . _ -)`);
      if (typeof provider?.wire !== "string" || provider.wire === "")
        invalid(`providers.${name}.wire must be a wire name such as "chat-completions"`);
      if (options.wires !== undefined && !options.wires.includes(provider.wire))
        invalid(`providers.${name}.wire "${provider.wire}" is not one of: ${options.wires.join(", ")}`);
      if (typeof provider.baseURL !== "string" || !/^https?:\/\//.test(provider.baseURL))
        invalid(`providers.${name}.baseURL must be an http(s) URL, got ${JSON.stringify(provider.baseURL)}`);
      providers.set(name, provider);
    }
    const models = new Map<string, Model>();
    for (const [name, model] of Object.entries(config.models ?? {})) {
      if (typeof (model as Model | undefined)?.stream !== "function")
        invalid(`models.${name} must be a Model (an object with a stream() method)`);
      models.set(name, model);
    }
    this.#providers = providers;
    this.#models = models;
    this.#aliases = new Map(Object.entries(config.aliases ?? {}));
    for (const [name, target] of this.#aliases) {
      if (typeof target !== "string" || target === "")
        invalid(`aliases.${name} must be a model name, got ${JSON.stringify(target)}`);
      this.#follow(name);
    }
    this.#default = config.defaultModel;
    this.#factory = options.factory;
    this.#env = options.env ?? process.env;
    if (this.#default !== undefined) {
      try {
        this.resolve(this.#default);
      } catch (error) {
        invalid(`defaultModel: ${(error as Error).message.replace(/\.$/, "")}`);
      }
    }
  }

  /** The names a client can use as they are configured (aliases, exact models, `provider/*`). */
  get names(): string[] {
    return [
      ...this.#aliases.keys(),
      ...this.#models.keys(),
      ...[...this.#providers.entries()].flatMap(([name, p]) =>
        p.models === undefined ? [`${name}/*`] : p.models.map((m) => `${name}/${m}`),
      ),
    ];
  }

  /**
   * The route for a request's `model` (the default model when it names none).
   * @throws {OpenloopError} `model_not_found` (param `model`) for a name the table does not route;
   *   `invalid_request` when the request names no model and there is no default.
   */
  resolve(requested: string | null | undefined): Route {
    const name = requested ?? this.#default;
    if (name === undefined || name === "") {
      throw new OpenloopError(
        "invalid_request",
        "The request must name a `model`: this server has no default.",
        {
          param: "model",
        },
      );
    }
    const target = this.#follow(name);
    const exact = this.#models.get(target);
    if (exact !== undefined) return { name, target, model: exact };
    const slash = target.indexOf("/");
    const provider = slash > 0 ? this.#providers.get(target.slice(0, slash)) : undefined;
    const upstream = target.slice(slash + 1);
    if (
      provider === undefined ||
      upstream === "" ||
      (provider.models && !provider.models.includes(upstream))
    ) {
      throw new OpenloopError(
        "model_not_found",
        `The model '${name}' does not exist or is not routed by this server. Use one of: ${this.names.join(", ") || "(none configured)"}.`,
        { param: "model" },
      );
    }
    return { name, target, model: this.#build(target, provider, upstream) };
  }

  /** Where `name` leads through the aliases. */
  #follow(name: string): string {
    let target = name;
    for (let hops = 0; this.#aliases.has(target); hops++) {
      if (hops > 8) invalid(`aliases: "${name}" does not resolve (a cycle, or more than 8 aliases deep)`);
      target = this.#aliases.get(target)!;
    }
    return target;
  }

  #build(target: string, provider: ProviderConfig, upstream: string): Model {
    const cached = this.#cache.get(target);
    if (cached !== undefined) return cached;
    const apiKey = provider.apiKey ?? (provider.apiKeyEnv ? this.#env[provider.apiKeyEnv] : undefined);
    const model = this.#factory({
      ...provider.options,
      wire: provider.wire,
      baseURL: provider.baseURL,
      model: upstream,
      ...(apiKey === undefined ? {} : { apiKey }),
      ...(provider.headers === undefined ? {} : { headers: provider.headers }),
      name: target,
    });
    if (this.#cache.size >= CACHE_LIMIT) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(target, model);
    return model;
  }
}

function invalid(message: string): never {
  throw new OpenloopError("invalid_config", `Invalid routing table: ${message}.`);
}
