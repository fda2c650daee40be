/**
 * @module provider/resolve — which model `openloop run` talks to, from flags and the environment.
 *
 * Order (first match wins): `--base-url` / `OPENLOOP_BASE_URL` on `--wire`; `ANTHROPIC_API_KEY`
 * with `--wire anthropic-messages`; a provider preset from the environment (`OPENLOOP_PROVIDER`,
 * `OPENAI_API_KEY`, `OPENROUTER_API_KEY`, `HF_TOKEN`, `OLLAMA_HOST`, `VLLM_BASE_URL`,
 * `LMSTUDIO_BASE_URL`, as `fromEnv()` reads them); else Ollama at its default address, if it answers.
 */
import { type Env, fromEnv, type Model, ollama } from "@openloop/core";
import { usageError } from "../exit-codes.js";
import { nothingConfigured, OLLAMA_DEFAULT_URL, WHAT_TO_SET } from "./help.js";
import { probeModels } from "./probe.js";
import { knownWires, modelForWire } from "./wire.js";

/** The flags that pick a model. */
export interface ProviderFlags {
  model?: string | undefined;
  baseUrl?: string | undefined;
  wire?: string | undefined;
}

/** What a saved run needs to reach the same model again. Never holds a key. */
export interface SavedProvider {
  wire: string;
  model: string;
  /** Set when the model was reached by URL (flag, `OPENLOOP_BASE_URL`, Ollama), not by a preset. */
  baseURL?: string;
}

/** The model to use, and how to describe it. */
export interface ResolvedProvider {
  model: Model;
  /** For people: `model at URL via wire`. */
  label: string;
  saved: SavedProvider;
  /** Something worth telling (a model picked from the server's list). */
  note?: string;
}

/** Options of {@link resolveProvider}. */
export interface ResolveOptions {
  /** Where to look for Ollama when nothing is configured. @default "http://localhost:11434/v1" */
  ollamaURL?: string;
  /** How long the Ollama probe waits. @default 1500 */
  probeTimeoutMs?: number;
}

const PRESET_VARS: readonly (readonly [string, string])[] = [
  ["OPENAI_API_KEY", "openai"],
  ["OPENROUTER_API_KEY", "openrouter"],
  ["HF_TOKEN", "huggingface"],
  ["OLLAMA_BASE_URL", "ollama"],
  ["OLLAMA_HOST", "ollama"],
  ["VLLM_BASE_URL", "vllm"],
  ["LMSTUDIO_BASE_URL", "lmstudio"],
];

/** Resolves the model, or throws a usage error (`invalid_config`) saying exactly what to set. */
export async function resolveProvider(
  flags: ProviderFlags,
  env: Env,
  options: ResolveOptions = {},
): Promise<ResolvedProvider> {
  const get = (name: string): string | undefined => env[name]?.trim() || undefined;
  const wire = flags.wire ?? get("OPENLOOP_WIRE") ?? "responses";
  if (!knownWires().includes(wire))
    throw usageError(`Unknown --wire ${JSON.stringify(wire)}: use one of ${knownWires().join(", ")}.`);
  const modelName = flags.model ?? get("OPENLOOP_MODEL");
  const needModel = (where: string): string => {
    if (modelName) return modelName;
    throw usageError(`${where} is set but no model: pass --model NAME or set OPENLOOP_MODEL.`);
  };

  const baseURL = flags.baseUrl ?? get("OPENLOOP_BASE_URL");
  if (baseURL) {
    const model = needModel(flags.baseUrl ? "--base-url" : "OPENLOOP_BASE_URL");
    const apiKey =
      get("OPENLOOP_API_KEY") ?? (wire === "anthropic-messages" ? get("ANTHROPIC_API_KEY") : undefined);
    return byURL({ wire, baseURL, model, ...(apiKey ? { apiKey } : {}) });
  }

  if (wire === "anthropic-messages") {
    const apiKey = get("ANTHROPIC_API_KEY");
    if (!apiKey)
      throw usageError(
        "--wire anthropic-messages needs ANTHROPIC_API_KEY (Anthropic) or --base-url URL (a compatible server).",
      );
    const url = get("ANTHROPIC_BASE_URL") ?? "https://api.anthropic.com/v1";
    return byURL({ wire, baseURL: url, model: needModel("ANTHROPIC_API_KEY"), apiKey });
  }

  const chosen = get("OPENLOOP_PROVIDER")
    ? (["OPENLOOP_PROVIDER", get("OPENLOOP_PROVIDER")!.toLowerCase()] as const)
    : PRESET_VARS.find(([name]) => get(name));
  const provider = chosen?.[1];
  if (provider === "ollama") {
    const url =
      get("OLLAMA_BASE_URL") ?? (get("OLLAMA_HOST") ? hostURL(get("OLLAMA_HOST")!) : OLLAMA_DEFAULT_URL);
    return viaOllama(wire, url, modelName, env, options, "configured");
  }
  if (provider !== undefined) {
    if (wire !== "responses")
      throw usageError(
        `--wire ${wire} needs --base-url URL (the ${provider} preset speaks the responses wire).`,
      );
    const model = needModel(chosen![0]);
    const built = fromEnv(env, { model });
    return { model: built, label: `${built.name} (${wire})`, saved: { wire, model } };
  }

  return viaOllama(wire, options.ollamaURL ?? OLLAMA_DEFAULT_URL, modelName, env, options, "probe");
}

function byURL(config: { wire: string; baseURL: string; model: string; apiKey?: string }): ResolvedProvider {
  return {
    model: modelForWire(config),
    label: `${config.model} at ${config.baseURL} (${config.wire})`,
    saved: { wire: config.wire, model: config.model, baseURL: config.baseURL },
  };
}

async function viaOllama(
  wire: string,
  url: string,
  modelName: string | undefined,
  env: Env,
  options: ResolveOptions,
  how: "configured" | "probe",
): Promise<ResolvedProvider> {
  const make = (model: string): Model =>
    wire === "responses"
      ? ollama({ model, baseURL: url, env: { OLLAMA_API_KEY: env.OLLAMA_API_KEY } })
      : modelForWire({ wire, baseURL: url, model });
  if (how === "configured" && modelName)
    return {
      model: make(modelName),
      label: `${modelName} at ${url} (Ollama, ${wire})`,
      saved: { wire, model: modelName, baseURL: url },
    };

  const probe = await probeModels(url, options.probeTimeoutMs);
  if (!probe.answered) {
    if (how === "probe") throw usageError(nothingConfigured(url, probe.reason));
    throw usageError(
      `Nothing answers at ${url} (set by OLLAMA_HOST or OLLAMA_BASE_URL: ${probe.reason}).\n${WHAT_TO_SET}`,
    );
  }
  let model = modelName;
  let note: string | undefined;
  if (!model) {
    model = probe.models[0];
    if (!model)
      throw usageError(
        `Ollama answers at ${url} but has no model: run \`ollama pull qwen3\`, or pass --model NAME.`,
      );
    note = `Using ${model}, the first of the models at ${url} (${probe.models.join(", ")}); pass --model to choose.`;
  }
  return {
    model: make(model),
    label: `${model} at ${url} (Ollama, ${wire})`,
    saved: { wire, model, baseURL: url },
    ...(note ? { note } : {}),
  };
}

/** `OLLAMA_HOST` as Ollama reads it (`host`, `host:port` or a URL; port 11434 by default) as a `/v1` URL. */
function hostURL(host: string): string {
  let value = host.replace(/\/+$/, "");
  if (!/^https?:\/\//.test(value)) value = `http://${value}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(
      `OLLAMA_HOST=${JSON.stringify(host)} is not a host[:port] or URL (e.g. 127.0.0.1:11434).`,
    );
  }
  if (
    url.protocol === "http:" &&
    url.port === "" &&
    !/:\d+$/.test(value.replace(/^https?:\/\//, "").split("/")[0]!)
  )
    url.port = "11434";
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}/v1`;
}
