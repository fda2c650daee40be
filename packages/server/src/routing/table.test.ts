import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Model } from "@openloop/core";
import { OpenloopError } from "@openloop/protocol";
import { ScriptedModel, startMockServer, text } from "@openloop/testing";
import { afterEach, describe, expect, test } from "vitest";
import { serve, type TestServer } from "../../test/support/server.js";
import { createServer } from "../app.js";
import { loadRoutingFile } from "./config-file.js";
import { type ModelFactoryConfig, RoutingTable } from "./table.js";

function recordingFactory() {
  const made: ModelFactoryConfig[] = [];
  const factory = (config: ModelFactoryConfig): Model => {
    made.push(config);
    return new ScriptedModel([]);
  };
  return { made, factory };
}

function thrown(fn: () => unknown): OpenloopError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(OpenloopError);
    return error as OpenloopError;
  }
  throw new Error("expected a throw");
}

describe("RoutingTable", () => {
  test("provider/model goes to the provider's wire and base URL, asking for the model after the slash", () => {
    const { made, factory } = recordingFactory();
    const table = new RoutingTable(
      {
        providers: {
          local: {
            wire: "chat-completions",
            baseURL: "http://127.0.0.1:8080/v1",
            apiKeyEnv: "LOCAL_KEY",
            headers: { "x-team": "a" },
            options: { maxRetries: 1 },
          },
        },
      },
      { factory, env: { LOCAL_KEY: "sk-local" } },
    );
    const route = table.resolve("local/meta-llama/Llama-3.1-8B");
    expect(route).toMatchObject({
      name: "local/meta-llama/Llama-3.1-8B",
      target: "local/meta-llama/Llama-3.1-8B",
    });
    expect(made).toEqual([
      {
        wire: "chat-completions",
        baseURL: "http://127.0.0.1:8080/v1",
        model: "meta-llama/Llama-3.1-8B",
        apiKey: "sk-local",
        headers: { "x-team": "a" },
        maxRetries: 1,
        name: "local/meta-llama/Llama-3.1-8B",
      },
    ]);
    // Built once per name.
    expect(table.resolve("local/meta-llama/Llama-3.1-8B").model).toBe(route.model);
    expect(made).toHaveLength(1);
  });

  test("aliases, the default model and exact models", () => {
    const exact = new ScriptedModel([]);
    const { factory } = recordingFactory();
    const table = new RoutingTable(
      {
        providers: { p: { wire: "responses", baseURL: "https://example.test/v1" } },
        aliases: { fast: "p/small", default: "fast" },
        defaultModel: "default",
        models: { scripted: exact },
      },
      { factory },
    );
    expect(table.resolve("fast").target).toBe("p/small");
    expect(table.resolve(undefined)).toMatchObject({ name: "default", target: "p/small" });
    expect(table.resolve("scripted").model).toBe(exact);
  });

  test("a name it does not route is model_not_found, param model, listing what it routes", () => {
    const { factory } = recordingFactory();
    const table = new RoutingTable(
      { providers: { p: { wire: "responses", baseURL: "https://example.test/v1", models: ["a", "b"] } } },
      { factory },
    );
    for (const name of ["q/a", "p/c", "nothing", "p/"]) {
      const error = thrown(() => table.resolve(name));
      expect(error.code).toBe("model_not_found");
      expect(error.param).toBe("model");
      expect(error.message).toContain("p/a, p/b");
    }
    expect(thrown(() => table.resolve(undefined)).code).toBe("invalid_request");
  });

  test("a malformed table is invalid_config naming the entry", () => {
    const { factory } = recordingFactory();
    expect(
      thrown(() => new RoutingTable({ providers: { p: { wire: "", baseURL: "http://x" } } }, { factory }))
        .message,
    ).toMatch(/providers\.p\.wire/);
    expect(
      thrown(
        () => new RoutingTable({ providers: { p: { wire: "responses", baseURL: "ftp://x" } } }, { factory }),
      ).message,
    ).toMatch(/providers\.p\.baseURL/);
    expect(thrown(() => new RoutingTable({ defaultModel: "missing/x" }, { factory })).message).toMatch(
      /defaultModel/,
    );
    expect(
      thrown(() => new RoutingTable({ aliases: { a: "b", b: "a" }, defaultModel: "a" }, { factory })).code,
    ).toBe("invalid_config");
  });

  test("an alias cycle is refused when the table is built, not answered as a 500 per request", () => {
    const { factory } = recordingFactory();
    const error = thrown(() => new RoutingTable({ aliases: { fast: "quick", quick: "fast" } }, { factory }));
    expect(error.code).toBe("invalid_config");
    expect(error.message).toMatch(/aliases: "fast" does not resolve/);
    expect(thrown(() => new RoutingTable({ aliases: { fast: 7 } } as never, { factory })).message).toMatch(
      /aliases\.fast must be a model name/,
    );
    // One sentence, one full stop.
    expect(thrown(() => new RoutingTable({ defaultModel: "missing/x" }, { factory })).message).not.toMatch(
      /\.\.$/,
    );
  });
});

describe("loadRoutingFile", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const write = (content: string) => {
    dir = mkdtempSync(join(tmpdir(), "openloop-routing-"));
    const path = join(dir, "routing.json");
    writeFileSync(path, content);
    return path;
  };

  test("reads providers, aliases and the default model", () => {
    const path = write(
      JSON.stringify({
        providers: { local: { wire: "chat-completions", baseURL: "http://127.0.0.1:8080/v1" } },
        aliases: { fast: "local/qwen3" },
        defaultModel: "fast",
      }),
    );
    expect(loadRoutingFile(path)).toEqual({
      providers: { local: { wire: "chat-completions", baseURL: "http://127.0.0.1:8080/v1" } },
      aliases: { fast: "local/qwen3" },
      defaultModel: "fast",
    });
  });

  test("a missing file, bad JSON or an unknown key: invalid_config naming the file", () => {
    expect(thrown(() => loadRoutingFile("/nonexistent/routing.json")).message).toContain(
      "/nonexistent/routing.json",
    );
    const bad = write("{ nope");
    expect(thrown(() => loadRoutingFile(bad)).message).toMatch(/is not JSON/);
    const unknown = write(JSON.stringify({ provider: {} }));
    expect(thrown(() => loadRoutingFile(unknown)).message).toMatch(/Invalid routing file .*provider/);
  });
});

describe("routing in the server", () => {
  test("a provider naming a wire the adapters registry does not know is refused at startup", () => {
    expect(() =>
      createServer({
        routing: { providers: { p: { wire: "carrier-pigeon", baseURL: "http://127.0.0.1:1/v1" } } },
        store: "memory",
        codeRunner: false,
        log: false,
      }),
    ).toThrow(
      /providers\.p\.wire "carrier-pigeon" is not one of: responses, chat-completions, anthropic-messages/,
    );
  });
});

describe("routing over real HTTP", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  test("a request for upstream/model reaches an Open Responses upstream asking for model", async () => {
    const upstream = await startMockServer([[text("From upstream.")]]);
    try {
      server = await serve(new ScriptedModel([]), {
        codeRunner: false,
        routing: { providers: { up: { wire: "responses", baseURL: upstream.url } } },
      });
      const response = await server.client.responses.create({ model: "up/qwen3", input: "Hi" });
      expect(response.output_text).toBe("From upstream.");
      expect(response.model).toBe("up/qwen3");
      expect(upstream.requests[0]?.body?.model).toBe("qwen3");
    } finally {
      await upstream.close();
    }
  });
});
