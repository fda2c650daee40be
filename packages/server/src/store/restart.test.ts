import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { functionCall, ScriptedModel, text } from "@openloop/testing";
import type { APIError } from "openai";
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
});
