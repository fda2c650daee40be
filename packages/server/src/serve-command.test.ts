import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { OpenloopError } from "@openloop/protocol";
import { startMockServer, text } from "@openloop/testing";
import OpenAI from "openai";
import { describe, expect, test } from "vitest";
import { parseServeArgs } from "./serve-command.js";

describe("parseServeArgs", () => {
  test("an upstream from flags: one provider, the model as default and as an alias", () => {
    const options = parseServeArgs(
      [
        "--wire",
        "chat-completions",
        "--base-url",
        "http://127.0.0.1:8080/v1",
        "--model",
        "qwen3",
        "--provider",
        "llama",
        "--upstream-key-env",
        "LLAMA_KEY",
        "--port",
        "9000",
        "--data-dir",
        "/tmp/x",
        "--api-key",
        "sk-a",
        "--api-key",
        "sk-b",
        "--max-concurrent",
        "4",
      ],
      { OPENLOOP_API_KEYS: "sk-c, sk-d" },
    );
    expect(options).toMatchObject({
      routing: {
        providers: {
          llama: { wire: "chat-completions", baseURL: "http://127.0.0.1:8080/v1", apiKeyEnv: "LLAMA_KEY" },
        },
        aliases: { qwen3: "llama/qwen3" },
        defaultModel: "llama/qwen3",
      },
      port: 9000,
      host: "127.0.0.1",
      dataDir: "/tmp/x",
      store: "sqlite",
      apiKeys: ["sk-a", "sk-b", "sk-c", "sk-d"],
      maxConcurrent: 4,
      reasoningEvents: "spec",
    });
  });

  test("the upstream from the environment; --store none; --no-code-runner", () => {
    const options = parseServeArgs(["--store", "none", "--no-code-runner"], {
      OPENLOOP_BASE_URL: "http://h/v1",
      OPENLOOP_MODEL: "m",
    });
    expect(options.store).toBe(false);
    expect(options.codeRunner).toBe(false);
    expect(options.routing).toMatchObject({ defaultModel: "upstream/m" });
  });

  test("--routing: the table comes from the file; with a one-upstream flag too, invalid_config naming both", () => {
    const dir = mkdtempSync(join(tmpdir(), "openloop-serve-routing-"));
    try {
      const file = join(dir, "routing.json");
      const table = {
        providers: { local: { wire: "chat-completions", baseURL: "http://127.0.0.1:8080/v1" } },
        aliases: { fast: "local/qwen3" },
        defaultModel: "fast",
      };
      writeFileSync(file, JSON.stringify(table));
      expect(parseServeArgs(["--routing", file], { OPENLOOP_BASE_URL: "http://ignored/v1" }).routing).toEqual(
        table,
      );
      const clash = (() => {
        try {
          parseServeArgs(["--routing", file, "--model", "qwen3"], {});
        } catch (error) {
          return error as OpenloopError;
        }
      })();
      expect(clash).toBeInstanceOf(OpenloopError);
      expect(clash).toMatchObject({ code: "invalid_config", param: "--routing" });
      expect(clash!.message).toMatch(/--routing and --model cannot be used together/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("bad flags are invalid_config naming the flag", () => {
    const bad = (argv: string[]) => {
      try {
        parseServeArgs(argv, {});
      } catch (error) {
        expect(error).toBeInstanceOf(OpenloopError);
        return (error as OpenloopError).message;
      }
      throw new Error("expected a throw");
    };
    expect(bad([])).toMatch(/--base-url and --model/);
    expect(bad(["--base-url", "http://h", "--model", "m", "--port", "-1"])).toMatch(/--port/);
    expect(bad(["--base-url", "http://h", "--model", "m", "--store", "disk"])).toMatch(/--store/);
    expect(bad(["--bogus"])).toMatch(/bogus/);
  });
});

/** Waits for `pattern` on the child's stderr; returns the match. */
function waitFor(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) resolve(match);
    });
    child.once("exit", (code) => reject(new Error(`exited ${code} before ${pattern}: ${seen}`)));
  });
}

describe("the start script (bin.ts)", () => {
  test("starts a server over an upstream chosen by flags, answers the openai SDK, and drains on SIGTERM", async () => {
    const upstream = await startMockServer([[text("Served by bin.ts.")]]);
    const dir = mkdtempSync(join(tmpdir(), "openloop-bin-"));
    const bin = fileURLToPath(new URL("./bin.ts", import.meta.url));
    const child = spawn(
      process.execPath,
      [
        "--conditions=source",
        "--import",
        "tsx",
        bin,
        "--wire",
        "responses",
        "--base-url",
        upstream.url,
        "--model",
        "tiny",
        "--port",
        "0",
        "--data-dir",
        dir,
        "--api-key",
        "sk-bin",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    try {
      const [, url] = await waitFor(child, /listening on (http:\/\/\S+)/);
      const client = new OpenAI({ baseURL: url, apiKey: "sk-bin", maxRetries: 0 });
      const response = await client.responses.create({ model: "tiny", input: "Hi" });
      expect(response.output_text).toBe("Served by bin.ts.");
      expect(upstream.requests[0]?.body?.model).toBe("tiny");
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
      await upstream.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
