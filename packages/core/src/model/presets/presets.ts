/**
 * @module model/presets — `openResponses()` set up for well-known servers, from options or the environment.
 */
import { OpenloopError } from "@openloop/protocol";
import type { Model, ModelCapabilities } from "../model.js";
import { openResponses } from "../open-responses/open-responses.js";
import type { OpenResponsesOptions } from "../open-responses/options.js";

/** Environment variables, as `process.env` holds them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Options every preset takes: anything `openResponses()` takes, all optional, plus `env`. */
export interface PresetOptions extends Partial<OpenResponsesOptions> {
  /** Where to read the environment variables from (inject it in tests). @default process.env */
  env?: Env;
}

/** A known server: where it lives, which variables configure it, what it accepts. */
export interface Preset {
  /** The preset's id, as `OPENLOOP_PROVIDER` names it; also the prefix of `Model.name`. */
  id: string;
  /** The function name, for messages. */
  fn: string;
  defaultBaseURL: string;
  /** Variables holding the base URL, first set wins. */
  baseURLVars: readonly string[];
  /** Variables holding the API key, first set wins. */
  keyVars: readonly string[];
  keyRequired: boolean;
  /** A model name to show in messages. */
  exampleModel: string;
  capabilities: ModelCapabilities;
  /** Turns a variable's value into a base URL (Ollama's `OLLAMA_HOST` is a host, not a URL). */
  baseURLFrom?: (name: string, value: string) => string;
}

// Capabilities follow CONFORMANCE.md; where a server's behaviour is unknown the spec default stands.
export const PRESETS = {
  openai: {
    id: "openai",
    fn: "openai",
    defaultBaseURL: "https://api.openai.com/v1",
    baseURLVars: ["OPENAI_BASE_URL"],
    keyVars: ["OPENAI_API_KEY"],
    keyRequired: true,
    exampleModel: "gpt-5-mini",
    capabilities: {
      previousResponseId: true,
      allowedTools: true,
      toolChoiceRequired: true,
      reasoningReplay: false,
    },
  },
  huggingface: {
    id: "huggingface",
    fn: "huggingFace",
    defaultBaseURL: "https://router.huggingface.co/v1",
    baseURLVars: ["HF_BASE_URL"],
    keyVars: ["HF_TOKEN"],
    keyRequired: true,
    exampleModel: "openai/gpt-oss-120b",
    // The router's Responses API runs on Chat Completions providers: it keeps no responses.
    capabilities: { previousResponseId: false },
  },
  openrouter: {
    id: "openrouter",
    fn: "openRouter",
    defaultBaseURL: "https://openrouter.ai/api/v1",
    baseURLVars: ["OPENROUTER_BASE_URL"],
    keyVars: ["OPENROUTER_API_KEY"],
    keyRequired: true,
    exampleModel: "openai/gpt-5-mini",
    // Stateless: every request carries the whole conversation.
    capabilities: { previousResponseId: false },
  },
  ollama: {
    id: "ollama",
    fn: "ollama",
    defaultBaseURL: "http://localhost:11434/v1",
    baseURLVars: ["OLLAMA_BASE_URL", "OLLAMA_HOST"],
    keyVars: ["OLLAMA_API_KEY"],
    keyRequired: false,
    exampleModel: "qwen3",
    // Stateless (previous_response_id silently dropped) and tool_choice ignored.
    capabilities: { previousResponseId: false, toolChoiceRequired: false, allowedTools: false },
    baseURLFrom: (name, value) => (name === "OLLAMA_HOST" ? ollamaHostURL(value) : value),
  },
  vllm: {
    id: "vllm",
    fn: "vllm",
    defaultBaseURL: "http://localhost:8000/v1",
    baseURLVars: ["VLLM_BASE_URL"],
    keyVars: ["VLLM_API_KEY"],
    keyRequired: false,
    exampleModel: "Qwen/Qwen3-8B",
    // `store` is off unless enabled on the server; tool_choice other than auto unsupported or ignored.
    capabilities: { previousResponseId: false, toolChoiceRequired: false, allowedTools: false },
  },
  lmstudio: {
    id: "lmstudio",
    fn: "lmStudio",
    defaultBaseURL: "http://localhost:1234/v1",
    baseURLVars: ["LMSTUDIO_BASE_URL"],
    keyVars: ["LMSTUDIO_API_KEY"],
    keyRequired: false,
    exampleModel: "openai/gpt-oss-20b",
    // previous_response_id fails while streaming.
    capabilities: { previousResponseId: false },
  },
} as const satisfies Record<string, Preset>;

/**
 * `OLLAMA_HOST` as Ollama reads it (`host`, `host:port` or a URL; port 11434 by default) turned
 * into the `/v1` base URL.
 */
export function ollamaHostURL(host: string): string {
  const bad = (why: string) =>
    new OpenloopError(
      "invalid_config",
      `ollama(): OLLAMA_HOST=${JSON.stringify(host)} ${why} (e.g. 127.0.0.1:11434 or http://gpu-box:11434).`,
    );
  const raw = host.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== "http" && scheme !== "https")
    throw bad(`has scheme "${scheme}:", not http or https`);
  let value = raw.replace(/\/+$/, "");
  if (scheme !== undefined && value.length <= scheme.length + 1) throw bad("names no host");
  // Without a scheme, `http://` is put in front: a scheme with no host after it (`https:`,
  // `http:/box`) would otherwise become the host `http` (`http://http:11434/v1`).
  if (scheme === undefined) {
    if (/^https?:\/?$/i.test(value)) throw bad("names no host");
    if (/^https?:\//i.test(value)) throw bad("is not a host[:port] or URL");
    value = `http://${value}`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw bad("is not a host[:port] or URL");
  }
  if (url.hostname === "") throw bad("names no host");
  // Ollama's default port, unless one was given (or https was asked for, which keeps 443).
  const authority = value.replace(/^https?:\/\//i, "").split("/")[0]!;
  if (url.protocol === "http:" && !/:\d+$/.test(authority)) url.port = "11434";
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}/v1`;
}

function firstSet(env: Env, names: readonly string[]): [string, string] | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return [name, value];
  }
  return undefined;
}

/** Builds the model for `preset` from `options` and the environment; `invalid_config` says what is missing. */
export function fromPreset(preset: Preset, options: PresetOptions = {}): Model {
  // `null` (from a JS caller) means no options, as `undefined` does.
  const { env = process.env, ...rest } = options ?? {};
  const model = rest.model ?? env.OPENLOOP_MODEL?.trim();
  if (!model)
    throw new OpenloopError(
      "invalid_config",
      `${preset.fn}(): no model. Pass { model: "${preset.exampleModel}" } or set OPENLOOP_MODEL.`,
    );
  let baseURL = rest.baseURL;
  let baseURLVar: string | undefined;
  if (baseURL === undefined) {
    const found = firstSet(env, preset.baseURLVars);
    baseURLVar = found?.[0];
    baseURL = found ? (preset.baseURLFrom?.(found[0], found[1]) ?? found[1]) : preset.defaultBaseURL;
  }
  const apiKey = rest.apiKey ?? firstSet(env, preset.keyVars)?.[1];
  if (preset.keyRequired && !apiKey)
    throw new OpenloopError(
      "invalid_config",
      `${preset.fn}(): no API key. Pass { apiKey } or set ${preset.keyVars.join(" or ")}.`,
    );
  try {
    return openResponses({
      ...rest,
      baseURL,
      model,
      ...(apiKey ? { apiKey } : {}),
      name: rest.name ?? `${preset.id}:${model}`,
      capabilities: { ...preset.capabilities, ...rest.capabilities },
    });
  } catch (error) {
    // Name the function the user called, and the variable a bad base URL came from.
    if (!OpenloopError.is(error, "invalid_config")) throw error;
    const from =
      baseURLVar !== undefined && error.message.includes("`baseURL`") ? ` (read from ${baseURLVar})` : "";
    throw new OpenloopError(
      "invalid_config",
      `${preset.fn}(): ${error.message.replace(/^openResponses\(\): /, "")}${from}`,
      { cause: error },
    );
  }
}
