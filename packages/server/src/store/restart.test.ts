import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { functionCall, ScriptedModel, startMockServer, text } from "@openloop/testing";
import OpenAI, { type APIError } from "openai";
import { afterEach, describe, expect, test } from "vitest";
import { serve, type TestServer } from "../../test/support/server.js";

let dir: string | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the SQLite store", () => {
  test("a conversation continues after the server restarts on the same data directory", async () => {
    dir = mkdtempSync(join(tmpdir(), "openloop-restart-"));
    const model = new ScriptedModel([
      [text("Noted: your locker code is 4711.")],
      [functionCall("run_javascript", { code: "4711 * 2" })],
      [text("Twice your code is 9422.")],
      [text("You are welcome.")],
    ]);
    server = await serve(model, { store: "sqlite", dataDir: dir });
    const first = await server.client.responses.create({ model: "test", input: "My locker code is 4711." });
    await server.close();

    server = await serve(model, { store: "sqlite", dataDir: dir });
    const second = await server.client.responses.create({
      model: "test",
      input: "Double my code with code.",
      previous_response_id: first.id,
      tools: [{ type: "code_interpreter", container: { type: "auto" } }],
    });
    await server.close();

    server = await serve(model, { store: "sqlite", dataDir: dir });
    const stored = await server.client.responses.create({
      model: "test",
      input: "Thanks",
      previous_response_id: second.id,
    });
    expect(stored.status).toBe("completed");
    // The third request saw every earlier turn, the hosted call as the model made it.
    const input = model.requests.at(-1)!.input as { type: string; role?: string }[];
    expect(input.map((i) => i.type)).toEqual([
      "message",
      "message",
      "message",
      "function_call",
      "function_call_output",
      "message",
      "message",
    ]);
  });

  test("store: false responses are not kept", async () => {
    dir = mkdtempSync(join(tmpdir(), "openloop-restart-"));
    server = await serve(new ScriptedModel([[text("Hi.")]]), {
      store: "sqlite",
      dataDir: dir,
      codeRunner: false,
    });
    const first = await server.client.responses.create({ model: "test", input: "Hi", store: false });
    expect((first as unknown as { store: boolean }).store).toBe(false);
    const error = (await server.client.responses
      .create({ model: "test", input: "Again", previous_response_id: first.id })
      .catch((e) => e)) as APIError;
    expect(error.code).toBe("previous_response_not_found");
  });

  test("a conversation survives the server process being killed (SIGKILL: no close, no drain)", async () => {
    dir = mkdtempSync(join(tmpdir(), "openloop-crash-"));
    const upstream = await startMockServer([[text("Noted: 4711.")], [text("It was 4711.")]]);
    const bin = fileURLToPath(new URL("../bin.ts", import.meta.url));
    /** The start script on the data directory, as a process of its own. */
    const start = async () => {
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
        ].concat(["--model", "m", "--port", "0", "--data-dir", dir!]),
        { stdio: ["ignore", "ignore", "pipe"] },
      );
      const url = await new Promise<string>((resolve, reject) => {
        let seen = "";
        child.stderr!.on("data", (chunk: Buffer) => {
          seen += chunk.toString();
          const found = /listening on (http:\/\/\S+)/.exec(seen)?.[1];
          if (found) resolve(found);
        });
        child.once("exit", (code) => reject(new Error(`exited ${code}: ${seen}`)));
      });
      const exited = new Promise((resolve) => child.once("exit", resolve));
      const client = new OpenAI({ baseURL: url, apiKey: "unused", maxRetries: 0 });
      const kill = () => {
        child.kill("SIGKILL");
        return exited;
      };
      return { client, kill };
    };
    try {
      const a = await start();
      const first = await a.client.responses.create({ model: "m", input: "My code is 4711." });
      await a.kill();
      const b = await start();
      try {
        const second = await b.client.responses.create({
          model: "m",
          input: "What was my code?",
          previous_response_id: first.id,
        });
        expect(second.output_text).toBe("It was 4711.");
        expect(JSON.stringify(upstream.requests[1]?.body?.input)).toContain("Noted: 4711.");
      } finally {
        await b.kill();
      }
    } finally {
      await upstream.close();
    }
  });
});
