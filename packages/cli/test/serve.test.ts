/**
 * `openloop serve` as a child process: the server of `@openloop/server` in front of an upstream
 * model (here `startMockServer`), called with the official `openai` SDK, stopped with SIGTERM.
 */
import { functionCall, startMockServer, text } from "@openloop/testing";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { runCli, spawnCli } from "./support/cli.js";

describe("openloop serve", () => {
  it("serves the loop with the hosted code runner to the openai SDK, and drains on SIGTERM", async () => {
    const upstream = await startMockServer([
      [functionCall("run_javascript", { code: "[1, 2, 3].map((n) => n * n)" })],
      [text("The squares are 1, 4 and 9.")],
    ]);
    const child = spawnCli(
      [
        "serve",
        "--wire",
        "responses",
        "--base-url",
        upstream.url,
        "--model",
        "m",
        "--store",
        "memory",
        "--port",
        "0",
      ],
      { env: {} },
    );
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr.on("data", () => {
          const found = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
          if (found) resolve(found);
        });
        child.on("close", () => reject(new Error(`serve exited: ${stderr}`)));
      });
      const client = new OpenAI({ baseURL: url, apiKey: "unused" });
      const response = await client.responses
        .stream({
          model: "m",
          input: "Square 1..3",
          tools: [{ type: "code_interpreter", container: { type: "auto" } }],
        })
        .finalResponse();
      expect(response.output.map((item) => item.type)).toEqual(["code_interpreter_call", "message"]);
      expect(response.output_text).toBe("The squares are 1, 4 and 9.");
      expect(JSON.stringify(response.output[0])).toContain("result: [ 1, 4, 9 ]");
    } finally {
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      await upstream.close();
    }
    expect(stderr).toContain("openloop server: stopped.");
  });

  it("exits 2 naming the problem when no upstream is given", async () => {
    const run = await runCli(["serve", "--port", "0"], { env: {} });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Say which upstream to serve: --base-url and --model");
  });
});
