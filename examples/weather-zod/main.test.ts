/**
 * Runs the example as a user would (a new Node process, its model from environment variables)
 * against `startMockServer` on 127.0.0.1.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { functionCall, startMockServer, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const main = fileURLToPath(new URL("./main.ts", import.meta.url));
const root = fileURLToPath(new URL("../../", import.meta.url));

function start(url: string, question: string) {
  return exec(process.execPath, ["--conditions=source", "--import", "tsx", main, question], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", OPENLOOP_BASE_URL: url, OPENLOOP_MODEL: "test-model" },
  });
}

describe("examples/weather-zod", () => {
  it("streams the answer to the terminal after running its zod tools", async () => {
    const server = await startMockServer([
      [functionCall("get_weather", { city: "Paris" }), functionCall("get_weather", { city: "Tokyo" })],
      [
        functionCall("convert_temperature", { value: 21, to: "F", decimals: null }),
        functionCall("convert_temperature", { value: 27, to: "F", decimals: null }),
      ],
      { output: [text("Paris: 70°F and sunny. Tokyo: 81°F, humid with light rain.")], chunkSize: 6 },
    ]);
    try {
      const { stdout } = await start(server.url, "Weather in Paris and Tokyo, in Fahrenheit?");
      expect(stdout).toContain('→ get_weather({"city":"Paris"})');
      expect(stdout).toContain('← {"city":"Tokyo","celsius":27,"sky":"humid, light rain"}');
      expect(stdout).toContain("← 70°F\n");
      expect(stdout).toContain("Paris: 70°F and sunny. Tokyo: 81°F, humid with light rain.");
      expect(stdout).toContain("(3 turns, 0 tokens)");
      const first = server.requests[0]?.body;
      expect(first).toMatchObject({
        model: "test-model",
        stream: true,
        input: [{ role: "user", content: "Weather in Paris and Tokyo, in Fahrenheit?" }],
      });
      expect(first?.tools?.map((t) => (t as { name: string }).name)).toEqual([
        "get_weather",
        "convert_temperature",
      ]);
    } finally {
      await server.close();
    }
  });

  it("tells the model about a city it does not know, and exits non-zero when the run fails", async () => {
    const server = await startMockServer([[functionCall("get_weather", { city: "Atlantis" })]]);
    try {
      const error = (await start(server.url, "Weather in Atlantis?").catch((e: unknown) => e)) as {
        code: number;
        stdout: string;
        stderr: string;
      };
      expect(error.stdout).toContain('✗ Tool "get_weather" failed: No weather station for "Atlantis".');
      expect(error.code).toBe(1);
      expect(error.stderr).toContain("The run failed (model_failed)");
    } finally {
      await server.close();
    }
  });
});
