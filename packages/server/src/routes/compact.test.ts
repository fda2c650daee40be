import { validateAgainstSpec } from "@openloop/protocol/fixtures";
import { ScriptedModel, text } from "@openloop/testing";
import { afterEach, describe, expect, test } from "vitest";
import { post, serve, type TestServer } from "../../test/support/server.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const window = [
  { role: "user", content: "My name is Ada and I like graphs." },
  { role: "assistant", content: "Nice to meet you, Ada." },
  { role: "user", content: "Recommend a book." },
];

describe("POST /v1/responses/compact", () => {
  test("answers a response.compaction: a compaction item, then the latest user message kept verbatim", async () => {
    const model = new ScriptedModel([[text("Ada likes graphs; we were introduced.")]]);
    server = await serve(model, { codeRunner: false });
    const res = await post(server.url, "/responses/compact", { model: "test", input: window });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { object: string; output: Record<string, unknown>[] };
    expect(validateAgainstSpec("CompactResource", body)).toEqual([]);
    expect(body.object).toBe("response.compaction");
    expect(body.output.map((i) => i.type)).toEqual(["compaction", "message"]);
    expect(body.output[1]).toMatchObject({
      role: "user",
      content: [{ type: "input_text", text: "Recommend a book." }],
    });
    // The model summarized the earlier window only.
    const asked = JSON.stringify(model.requests[0]?.input);
    expect(asked).toContain("My name is Ada");
    expect(asked).not.toContain("Recommend a book.");
  });

  test("the compacted window is the next request's input: the model reads the summary back", async () => {
    const model = new ScriptedModel([[text("SUMMARY-42")], [text("Try 'Networks' by Newman.")]]);
    server = await serve(model, { codeRunner: false });
    const compacted = (await (
      await post(server.url, "/responses/compact", { model: "test", input: window })
    ).json()) as {
      output: unknown[];
    };
    const res = await post(server.url, "/responses", { model: "test", input: compacted.output });
    expect(res.status).toBe(200);
    const seen = model.requests[1]?.input as { role?: string; content?: unknown }[];
    expect(JSON.stringify(seen[0])).toContain("SUMMARY-42");
    expect(seen.at(-1)).toMatchObject({ role: "user" });
  });

  test("without model: 400, param model", async () => {
    server = await serve(new ScriptedModel([]), { codeRunner: false });
    const res = await post(server.url, "/responses/compact", { input: window });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { param: string } };
    expect(validateAgainstSpec("ErrorEnvelope", body)).toEqual([]);
    expect(body.error.param).toBe("model");
  });

  test("a compaction item another server made cannot be read here: 400 naming it", async () => {
    server = await serve(new ScriptedModel([]), { codeRunner: false });
    const res = await post(server.url, "/responses", {
      model: "test",
      input: [
        { type: "compaction", encrypted_content: "gAAAA-from-elsewhere" },
        { role: "user", content: "Hi" },
      ],
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe(
      "input[0].encrypted_content",
    );
  });
});
