import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { OpenloopError } from "@openloop/core";
import { accumulate, outputText } from "@openloop/protocol";
import { startMockServer, text } from "@openloop/testing";
import { afterEach, describe, expect, it } from "vitest";
import { OLLAMA_DEFAULT_URL, WHAT_TO_SET } from "./help.js";
import { resolveProvider } from "./resolve.js";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A real HTTP server answering GET /v1/models the way Ollama does. */
async function fakeOllamaModels(models: string[]): Promise<string> {
  const server = createServer((req, res) => {
    if (req.url === "/v1/models") {
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          object: "list",
          data: models.map((id) => ({ id, object: "model", owned_by: "library" })),
        }),
      );
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

/** A URL where nothing listens. */
async function deadURL(): Promise<string> {
  const url = await fakeOllamaModels([]);
  await new Promise((resolve) => servers.pop()!.close(resolve));
  return url;
}

async function usageMessage(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(OpenloopError.is(error, "invalid_config")).toBe(true);
  return (error as Error).message;
}

describe("resolveProvider", () => {
  it("with nothing configured, probes Ollama's default address", async () => {
    // Whatever this machine runs there, the outcome names the address that was tried: the model
    // found at it, or the message saying nothing (or no model) answers at it.
    const outcome = await resolveProvider({}, {}, { probeTimeoutMs: 1000 }).then(
      (resolved) => resolved.saved.baseURL,
      (error: Error) => error.message,
    );
    expect(OLLAMA_DEFAULT_URL).toBe("http://localhost:11434/v1");
    expect(outcome).toContain(OLLAMA_DEFAULT_URL);
  });

  it("with nothing configured and nothing answering, says what was tried and exactly what to set", async () => {
    const url = await deadURL();
    const message = await usageMessage(resolveProvider({}, {}, { ollamaURL: url }));
    expect(message).toContain(`No model server is configured, and nothing answers at ${url}`);
    expect(message).toContain(WHAT_TO_SET);
  });

  it("with nothing configured and Ollama answering, uses its first model and says so", async () => {
    const url = await fakeOllamaModels(["qwen3:8b", "llama3.2"]);
    const resolved = await resolveProvider({}, {}, { ollamaURL: url });
    expect(resolved.model.name).toBe("ollama:qwen3:8b");
    expect(resolved.note).toContain("Using qwen3:8b, the first of the models");
    expect(resolved.saved).toEqual({ wire: "responses", model: "qwen3:8b", baseURL: url });
    expect((await resolveProvider({ model: "llama3.2" }, {}, { ollamaURL: url })).model.name).toBe(
      "ollama:llama3.2",
    );
  });

  it("with Ollama answering but no model pulled, says to pull one", async () => {
    const url = await fakeOllamaModels([]);
    expect(await usageMessage(resolveProvider({}, {}, { ollamaURL: url }))).toMatch(
      /has no model: run `ollama pull qwen3`/,
    );
  });

  it("uses --base-url with --model (flags win over OPENLOOP_BASE_URL), and the model answers over HTTP", async () => {
    const server = await startMockServer([[text("hello from the flags' server")]]);
    try {
      const resolved = await resolveProvider(
        { baseUrl: server.url, model: "m" },
        { OPENLOOP_BASE_URL: "http://127.0.0.1:9/v1", OPENLOOP_MODEL: "other" },
      );
      expect(resolved.label).toBe(`m at ${server.url} (responses)`);
      const response = await accumulate(resolved.model.stream({ input: "hi" }, {}));
      expect(outputText(response)).toBe("hello from the flags' server");
      expect(server.requests[0]?.body?.model).toBe("m");
    } finally {
      await server.close();
    }
  });

  it("reads OPENLOOP_BASE_URL, OPENLOOP_MODEL and OPENLOOP_API_KEY from the environment", async () => {
    const server = await startMockServer([[text("ok")]]);
    try {
      const resolved = await resolveProvider(
        {},
        { OPENLOOP_BASE_URL: server.url, OPENLOOP_MODEL: "env-model", OPENLOOP_API_KEY: "sk-test" },
      );
      await accumulate(resolved.model.stream({ input: "hi" }, {}));
      expect(server.requests[0]?.headers.authorization).toBe("Bearer sk-test");
      expect(resolved.saved).toEqual({ wire: "responses", model: "env-model", baseURL: server.url });
    } finally {
      await server.close();
    }
  });

  it("uses a provider preset from its key variable, and never saves the key", async () => {
    const resolved = await resolveProvider({ model: "gpt-5-mini" }, { OPENAI_API_KEY: "sk-secret" });
    expect(resolved.model.name).toBe("openai:gpt-5-mini");
    expect(resolved.saved).toEqual({ wire: "responses", model: "gpt-5-mini" });
    expect(JSON.stringify(resolved.saved)).not.toContain("sk-secret");
  });

  it.each([
    [{ baseUrl: "http://127.0.0.1:9/v1" }, {}, /--base-url is set but no model/],
    [{}, { OPENAI_API_KEY: "sk" }, /OPENAI_API_KEY is set but no model/],
    [{ wire: "anthropic-messages" }, {}, /needs ANTHROPIC_API_KEY/],
    [{ wire: "morse" }, {}, /Unknown --wire "morse"/],
    [{ model: "m" }, { OLLAMA_HOST: "::::" }, /OLLAMA_HOST="::::" is not a host\[:port\] or URL/],
  ])("refuses %j with %j: a usage error saying what to do", async (flags, env, message) => {
    expect(await usageMessage(resolveProvider(flags, env, { ollamaURL: await deadURL() }))).toMatch(message);
  });
});
