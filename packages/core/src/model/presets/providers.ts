/**
 * @module model/presets/providers — one function per known server, and `fromEnv()`.
 */
import { OpenloopError } from "@openloop/protocol";
import type { Model } from "../model.js";
import { openResponses } from "../open-responses/open-responses.js";
import { type Env, fromPreset, PRESETS, type PresetOptions } from "./presets.js";

/**
 * OpenAI (`https://api.openai.com/v1`). Reads `OPENAI_API_KEY` (required) and `OPENAI_BASE_URL`.
 * @example const model = openai({ model: "gpt-5-mini" });
 */
export function openai(options?: PresetOptions): Model {
  return fromPreset(PRESETS.openai, options);
}

/**
 * The Hugging Face router (`https://router.huggingface.co/v1`). Reads `HF_TOKEN` (required) and
 * `HF_BASE_URL`. Stateless: `capabilities.previousResponseId` is false.
 * @example const model = huggingFace({ model: "openai/gpt-oss-120b" });
 */
export function huggingFace(options?: PresetOptions): Model {
  return fromPreset(PRESETS.huggingface, options);
}

/**
 * OpenRouter (`https://openrouter.ai/api/v1`). Reads `OPENROUTER_API_KEY` (required) and
 * `OPENROUTER_BASE_URL`. Stateless: `capabilities.previousResponseId` is false.
 * @example const model = openRouter({ model: "openai/gpt-5-mini" });
 */
export function openRouter(options?: PresetOptions): Model {
  return fromPreset(PRESETS.openrouter, options);
}

/**
 * Ollama (`http://localhost:11434/v1`, no key needed). Reads `OLLAMA_BASE_URL` (a full base URL),
 * else `OLLAMA_HOST` (`host[:port]` or a URL, as Ollama itself reads it), and `OLLAMA_API_KEY`.
 * Stateless and ignores `tool_choice`; the capabilities say so, so the loop adapts.
 * @example const model = ollama({ model: "qwen3" });
 */
export function ollama(options?: PresetOptions): Model {
  return fromPreset(PRESETS.ollama, options);
}

/**
 * vLLM (`http://localhost:8000/v1`). Reads `VLLM_BASE_URL` and `VLLM_API_KEY` (both optional).
 * @example const model = vllm({ model: "Qwen/Qwen3-8B" });
 */
export function vllm(options?: PresetOptions): Model {
  return fromPreset(PRESETS.vllm, options);
}

/**
 * LM Studio (`http://localhost:1234/v1`). Reads `LMSTUDIO_BASE_URL` and `LMSTUDIO_API_KEY` (both optional).
 * @example const model = lmStudio({ model: "openai/gpt-oss-20b" });
 */
export function lmStudio(options?: PresetOptions): Model {
  return fromPreset(PRESETS.lmstudio, options);
}

const BY_ID: Record<string, (options?: PresetOptions) => Model> = {
  openai,
  huggingface: huggingFace,
  hf: huggingFace,
  openrouter: openRouter,
  ollama,
  vllm,
  lmstudio: lmStudio,
};

/** Which variable picks which preset, in order (the first whose variable is set wins). */
const DETECT: readonly (readonly [readonly string[], (options?: PresetOptions) => Model])[] = [
  [["OPENAI_API_KEY"], openai],
  [["OPENROUTER_API_KEY"], openRouter],
  [["HF_TOKEN"], huggingFace],
  [["OLLAMA_BASE_URL", "OLLAMA_HOST"], ollama],
  [["VLLM_BASE_URL"], vllm],
  [["LMSTUDIO_BASE_URL"], lmStudio],
];

const HOW =
  "Set OPENLOOP_MODEL and one of: OPENLOOP_BASE_URL (with OPENLOOP_API_KEY if the server needs one) for any " +
  "Open Responses server, OPENAI_API_KEY, OPENROUTER_API_KEY, HF_TOKEN, OLLAMA_HOST or OLLAMA_BASE_URL, " +
  "VLLM_BASE_URL, LMSTUDIO_BASE_URL; or OPENLOOP_PROVIDER=openai|huggingface|openrouter|ollama|vllm|lmstudio to pick one.";

/**
 * The model the environment describes. The model name is `OPENLOOP_MODEL` (or `options.model`).
 * The server is chosen by the first of these that is set:
 *
 * 1. `OPENLOOP_PROVIDER`: `openai`, `huggingface` (`hf`), `openrouter`, `ollama`, `vllm` or `lmstudio`;
 * 2. `OPENLOOP_BASE_URL` (+ `OPENLOOP_API_KEY`): any Open Responses server;
 * 3. `OPENAI_API_KEY` → {@link openai}; 4. `OPENROUTER_API_KEY` → {@link openRouter};
 * 5. `HF_TOKEN` → {@link huggingFace}; 6. `OLLAMA_BASE_URL` / `OLLAMA_HOST` → {@link ollama};
 * 7. `VLLM_BASE_URL` → {@link vllm}; 8. `LMSTUDIO_BASE_URL` → {@link lmStudio}.
 *
 * Throws `invalid_config` naming the variables to set when none is.
 *
 * @example const model = fromEnv(); // OPENLOOP_MODEL=qwen3 OLLAMA_HOST=127.0.0.1:11434
 */
export function fromEnv(env: Env = process.env, options: Omit<PresetOptions, "env"> = {}): Model {
  const withEnv = { ...options, env };
  const provider = env.OPENLOOP_PROVIDER?.trim().toLowerCase();
  if (provider) {
    const make = BY_ID[provider];
    if (make === undefined)
      throw new OpenloopError(
        "invalid_config",
        `fromEnv(): OPENLOOP_PROVIDER=${JSON.stringify(env.OPENLOOP_PROVIDER)} is not one of openai, huggingface, openrouter, ollama, vllm, lmstudio.`,
      );
    return make(withEnv);
  }
  const baseURL = env.OPENLOOP_BASE_URL?.trim();
  if (baseURL) {
    const model = options.model ?? env.OPENLOOP_MODEL?.trim();
    if (!model)
      throw new OpenloopError(
        "invalid_config",
        `fromEnv(): OPENLOOP_BASE_URL is set but no model. Set OPENLOOP_MODEL.`,
      );
    const apiKey = options.apiKey ?? env.OPENLOOP_API_KEY?.trim();
    try {
      return openResponses({ ...options, baseURL, model, ...(apiKey ? { apiKey } : {}) });
    } catch (error) {
      if (!OpenloopError.is(error, "invalid_config") || !error.message.includes("`baseURL`")) throw error;
      throw new OpenloopError(
        "invalid_config",
        `fromEnv(): OPENLOOP_BASE_URL=${JSON.stringify(baseURL)} is not an http(s) URL such as "http://localhost:8080/v1".`,
        { cause: error },
      );
    }
  }
  for (const [names, make] of DETECT) if (names.some((name) => env[name]?.trim())) return make(withEnv);
  throw new OpenloopError("invalid_config", `fromEnv(): no model server configured. ${HOW}`);
}
