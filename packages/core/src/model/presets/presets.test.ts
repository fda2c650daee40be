import { OpenloopError } from "@openloop/protocol";
import { startMockServer, text } from "@openloop/testing";
import { afterEach, describe, expect, test, vi } from "vitest";
import type { Model } from "../model.js";
import { type Env, ollamaHostURL } from "./presets.js";
import { fromEnv, huggingFace, lmStudio, ollama, openai, openRouter, vllm } from "./providers.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(closers.splice(0).map((close) => close()));
});

/**
 * Sends one request through `make(...)` and reports where it went. Requests are sent for real;
 * a fetch that only rewrites the origin delivers them to a local mock server, since the presets'
 * default hosts (api.openai.com, ...) are not reachable from tests.
 */
async function probe(make: (options: { env: Env; fetch: typeof fetch }) => Model, env: Env) {
  const server = await startMockServer([[text("ok")]]);
  closers.push(server.close);
  const urls: string[] = [];
  const model = make({
    env,
    fetch: (input, init) => {
      urls.push(String(input));
      return fetch(
        String(input).replace(/^https?:\/\/[^/]+(\/.*)?\/responses$/, `${server.url}/responses`),
        init,
      );
    },
  });
  for await (const _ of model.stream({ input: "x" }, {}));
  return { url: urls[0], request: server.requests[0]!, model };
}

const calls = { openai, huggingFace, openRouter, ollama, vllm, lmStudio };

describe("presets: defaults and the variables they read", () => {
  test.each([
    ["openai", { OPENAI_API_KEY: "sk-o" }, "https://api.openai.com/v1/responses", "Bearer sk-o"],
    ["huggingFace", { HF_TOKEN: "hf_x" }, "https://router.huggingface.co/v1/responses", "Bearer hf_x"],
    ["openRouter", { OPENROUTER_API_KEY: "or-k" }, "https://openrouter.ai/api/v1/responses", "Bearer or-k"],
    ["ollama", {}, "http://localhost:11434/v1/responses", undefined],
    ["vllm", {}, "http://localhost:8000/v1/responses", undefined],
    ["lmStudio", {}, "http://localhost:1234/v1/responses", undefined],
  ] as const)("%s() POSTs to %s", async (fn, vars, url, authorization) => {
    const env = { OPENLOOP_MODEL: "some-model", ...vars };
    const result = await probe((options) => calls[fn](options), env);
    expect(result.url).toBe(url);
    expect(result.request.headers.authorization).toBe(authorization);
    expect(result.request.body?.model).toBe("some-model");
  });

  test.each([
    ["openai", "OPENAI_BASE_URL", { OPENAI_API_KEY: "k" }],
    ["huggingFace", "HF_BASE_URL", { HF_TOKEN: "k" }],
    ["openRouter", "OPENROUTER_BASE_URL", { OPENROUTER_API_KEY: "k" }],
    ["ollama", "OLLAMA_BASE_URL", {}],
    ["vllm", "VLLM_BASE_URL", { VLLM_API_KEY: "vk" }],
    ["lmStudio", "LMSTUDIO_BASE_URL", { LMSTUDIO_API_KEY: "lk" }],
  ] as const)("%s() reads its base URL from %s (a real request reaches it)", async (fn, variable, vars) => {
    const server = await startMockServer([[text("hi")]]);
    closers.push(server.close);
    const model = calls[fn]({ env: { OPENLOOP_MODEL: "m", [variable]: server.url, ...vars } });
    for await (const _ of model.stream({ input: "x" }, {}));
    expect(server.requests).toHaveLength(1);
    const key = Object.values(vars)[0];
    expect(server.requests[0]?.headers.authorization).toBe(key === undefined ? undefined : `Bearer ${key}`);
  });

  test("OLLAMA_HOST is read as Ollama reads it: host[:port] or URL, port 11434 by default", async () => {
    expect(ollamaHostURL("127.0.0.1")).toBe("http://127.0.0.1:11434/v1");
    expect(ollamaHostURL("0.0.0.0:8080")).toBe("http://0.0.0.0:8080/v1");
    expect(ollamaHostURL("http://gpu-box:80/")).toBe("http://gpu-box/v1");
    expect(ollamaHostURL("https://ollama.example.com")).toBe("https://ollama.example.com/v1");
    expect(ollamaHostURL("[::1]")).toBe("http://[::1]:11434/v1");

    const server = await startMockServer([[text("hi")]]);
    closers.push(server.close);
    const host = new URL(server.url).host;
    for await (const _ of ollama({ env: { OLLAMA_HOST: host }, model: "qwen3" }).stream({ input: "x" }, {}));
    expect(server.requests[0]?.path).toBe("/v1/responses");
    expect(() => ollama({ env: { OLLAMA_HOST: "http://[bad" }, model: "m" })).toThrow(
      /OLLAMA_HOST="http:\/\/\[bad" is not a host/,
    );
  });

  test("an OLLAMA_HOST that names no host is invalid_config naming the variable (http:// used to become http://http:11434/v1)", () => {
    for (const [value, why] of [
      ["http://", "names no host"],
      ["https://", "names no host"],
      ["http:///", "names no host"],
      ["http:", "names no host"],
      ["http:/box", "is not a host"],
      ["ftp://box", 'has scheme "ftp:"'],
    ] as const) {
      let error: unknown;
      try {
        ollama({ env: { OLLAMA_HOST: value }, model: "m" });
      } catch (e) {
        error = e;
      }
      expect(OpenloopError.is(error, "invalid_config")).toBe(true);
      expect((error as Error).message).toContain(`OLLAMA_HOST=${JSON.stringify(value)} ${why}`);
    }
    expect(ollamaHostURL("HTTP://Box:8080")).toBe("http://box:8080/v1");
  });

  test("names and capabilities follow each server's known behaviour", () => {
    const env = { OPENLOOP_MODEL: "m", OPENAI_API_KEY: "k", HF_TOKEN: "k", OPENROUTER_API_KEY: "k" };
    expect(openai({ env }).name).toBe("openai:m");
    expect(openai({ env }).capabilities).toMatchObject({ previousResponseId: true });
    expect(ollama({ env }).name).toBe("ollama:m");
    expect(ollama({ env }).capabilities).toEqual({
      previousResponseId: false,
      toolChoiceRequired: false,
      allowedTools: false,
    });
    expect(vllm({ env }).capabilities).toMatchObject({
      previousResponseId: false,
      toolChoiceRequired: false,
    });
    for (const make of [huggingFace, openRouter, lmStudio])
      expect(make({ env }).capabilities?.previousResponseId).toBe(false);
  });

  test("options win over the environment; capabilities merge", async () => {
    const server = await startMockServer([[text("hi")]]);
    closers.push(server.close);
    const model = openai({
      env: {
        OPENAI_API_KEY: "env-key",
        OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
        OPENLOOP_MODEL: "env-model",
      },
      baseURL: server.url,
      apiKey: "opt-key",
      model: "opt-model",
      name: "mine",
      capabilities: { images: false },
    });
    for await (const _ of model.stream({ input: "x" }, {}));
    expect(server.requests[0]?.headers.authorization).toBe("Bearer opt-key");
    expect(server.requests[0]?.body?.model).toBe("opt-model");
    expect(model.name).toBe("mine");
    expect(model.capabilities).toMatchObject({ images: false, previousResponseId: true });
  });

  test("process.env is the default environment", () => {
    vi.stubEnv("OPENLOOP_MODEL", "from-process");
    expect(ollama().name).toBe("ollama:from-process");
  });
});

describe("presets: what is missing is a clear invalid_config at creation", () => {
  test.each([
    ["openai", "OPENAI_API_KEY"],
    ["huggingFace", "HF_TOKEN"],
    ["openRouter", "OPENROUTER_API_KEY"],
  ] as const)("%s() without a key names %s", (fn, variable) => {
    try {
      calls[fn]({ env: { OPENLOOP_MODEL: "m" } });
      expect.unreachable();
    } catch (error) {
      expect(OpenloopError.is(error, "invalid_config")).toBe(true);
      expect((error as Error).message).toBe(`${fn}(): no API key. Pass { apiKey } or set ${variable}.`);
    }
  });

  test("no model names OPENLOOP_MODEL and gives an example", () => {
    expect(() => ollama({ env: {} })).toThrow(
      'ollama(): no model. Pass { model: "qwen3" } or set OPENLOOP_MODEL.',
    );
    expect(() => openai({ env: { OPENAI_API_KEY: "k" } })).toThrow(/set OPENLOOP_MODEL/);
  });

  test("a bad option or base URL variable is named with the preset, and the variable it came from", () => {
    expect(() =>
      openai({ model: "m", env: { OPENAI_API_KEY: "k", OPENAI_BASE_URL: "api.openai.com/v1" } }),
    ).toThrow(
      'openai(): Expected `baseURL` to be an http(s) URL such as "http://localhost:11434/v1", got "api.openai.com/v1" (read from OPENAI_BASE_URL)',
    );
    try {
      vllm({ model: "m", env: {}, timeoutMs: -1 });
      expect.unreachable();
    } catch (error) {
      expect(OpenloopError.is(error, "invalid_config")).toBe(true);
      expect((error as Error).message).toBe(
        "vllm(): Expected `timeoutMs` to be a number from 1 and up, got -1 (number)",
      );
    }
    expect(() => fromEnv({ OPENLOOP_BASE_URL: "localhost:8080/v1", OPENLOOP_MODEL: "m" })).toThrow(
      'fromEnv(): OPENLOOP_BASE_URL="localhost:8080/v1" is not an http(s) URL such as "http://localhost:8080/v1".',
    );
    // No options at all, from JavaScript: the same as none given.
    expect(() => ollama(null as never)).toThrow("ollama(): no model.");
  });
});

describe("fromEnv", () => {
  const pick = (env: Env) => fromEnv(env).name;

  test("precedence: OPENLOOP_PROVIDER, OPENLOOP_BASE_URL, then the first provider variable set", () => {
    const all = {
      OPENLOOP_MODEL: "m",
      OPENAI_API_KEY: "k",
      OPENROUTER_API_KEY: "k",
      HF_TOKEN: "k",
      OLLAMA_HOST: "127.0.0.1",
      VLLM_BASE_URL: "http://127.0.0.1:8000/v1",
      LMSTUDIO_BASE_URL: "http://127.0.0.1:1234/v1",
    };
    expect(pick({ ...all, OPENLOOP_PROVIDER: "LMStudio" })).toBe("lmstudio:m");
    expect(pick({ ...all, OPENLOOP_PROVIDER: "hf" })).toBe("huggingface:m");
    expect(pick({ ...all, OPENLOOP_BASE_URL: "http://127.0.0.1:9/v1" })).toBe("open-responses:m");
    expect(pick(all)).toBe("openai:m");
    const { OPENAI_API_KEY: _a, ...noOpenai } = all;
    expect(pick(noOpenai)).toBe("openrouter:m");
    const { OPENROUTER_API_KEY: _b, ...noRouter } = noOpenai;
    expect(pick(noRouter)).toBe("huggingface:m");
    const { HF_TOKEN: _c, ...noHf } = noRouter;
    expect(pick(noHf)).toBe("ollama:m");
    const { OLLAMA_HOST: _d, ...noOllama } = noHf;
    expect(pick(noOllama)).toBe("vllm:m");
    const { VLLM_BASE_URL: _e, ...onlyLm } = noOllama;
    expect(pick(onlyLm)).toBe("lmstudio:m");
  });

  test("OPENLOOP_BASE_URL and OPENLOOP_API_KEY reach any Open Responses server", async () => {
    const server = await startMockServer([[text("generic")]]);
    closers.push(server.close);
    const model = fromEnv({ OPENLOOP_BASE_URL: server.url, OPENLOOP_API_KEY: "gk", OPENLOOP_MODEL: "gm" });
    for await (const _ of model.stream({ input: "x" }, {}));
    expect(server.requests[0]?.headers.authorization).toBe("Bearer gk");
    expect(server.requests[0]?.body?.model).toBe("gm");
  });

  test("nothing set: invalid_config listing the variables to set", () => {
    try {
      fromEnv({});
      expect.unreachable();
    } catch (error) {
      expect(OpenloopError.is(error, "invalid_config")).toBe(true);
      const message = (error as Error).message;
      expect(message).toMatch(/^fromEnv\(\): no model server configured\. Set OPENLOOP_MODEL and one of:/);
      for (const name of [
        "OPENLOOP_BASE_URL",
        "OPENAI_API_KEY",
        "HF_TOKEN",
        "OLLAMA_HOST",
        "VLLM_BASE_URL",
        "LMSTUDIO_BASE_URL",
        "OPENLOOP_PROVIDER",
      ])
        expect(message).toContain(name);
    }
  });

  test("an unknown OPENLOOP_PROVIDER, or OPENLOOP_BASE_URL without a model, says so", () => {
    expect(() => fromEnv({ OPENLOOP_PROVIDER: "bedrock" })).toThrow(
      /OPENLOOP_PROVIDER="bedrock" is not one of openai, huggingface/,
    );
    expect(() => fromEnv({ OPENLOOP_BASE_URL: "http://x/v1" })).toThrow(
      /OPENLOOP_BASE_URL is set but no model\. Set OPENLOOP_MODEL\./,
    );
  });
});
