/**
 * A non-streaming answer (or a server that ignores `stream: true`) is a JSON body the model replays
 * as events. The body is untrusted: whatever its items hold, the stream ends with exactly one
 * terminal event and never throws (a `null` item, or a reasoning item whose `content` was a number,
 * once threw out of the model mid-iteration).
 */
import { OpenloopError } from "@openloop/protocol";
import { recordedBodies } from "@openloop/protocol/fixtures";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { collect, failureOfLast, rawServer } from "./http.test-helpers.js";
import { openResponses } from "./open-responses.js";

let body = "";
let server: Awaited<ReturnType<typeof rawServer>>;
beforeAll(async () => {
  server = await rawServer((_, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(body);
  });
});
afterAll(() => server.close());

const answer = async (json: unknown) => {
  body = JSON.stringify(json);
  const model = openResponses({ baseURL: server.url, model: "m", stream: false, maxRetries: 0 });
  return collect(model.stream({ input: "x" }, {}));
};

const responses = recordedBodies("responses")
  .map((recorded) => recorded.body)
  .filter(
    (b): b is Record<string, unknown> =>
      typeof b === "object" && b !== null && Array.isArray((b as { output?: unknown }).output),
  )
  .filter((b) => (b.output as unknown[]).length > 0);

describe("openResponses: JSON bodies with malformed items", () => {
  test("an item that is not an object with a string type: invalid_response naming it", async () => {
    const error = failureOfLast(
      await answer({ status: "completed", output: [{ type: "message", content: [] }, null] }),
    );
    expect(error).toBeInstanceOf(OpenloopError);
    expect(error?.code).toBe("invalid_response");
    expect(error?.message).toMatch(
      /answered 200 with a response whose output\[1\] is not an item \(an object with a string `type`\): "null"/,
    );
  });

  test("an item the events cannot be written from: invalid_response saying why", async () => {
    const error = failureOfLast(await answer({ output: [{ type: "reasoning", summary: [], content: 7 }] }));
    expect(error?.code).toBe("invalid_response");
    expect(error?.message).toMatch(
      /answered 200 with a response whose output cannot be read \(.*7 is not iterable/,
    );
  });

  test("recorded bodies with an item's field replaced by a hostile value: one terminal event, never a throw (property)", async () => {
    expect(responses.length).toBeGreaterThan(0);
    const hostile = fc.constantFrom(null, 7, "x", [], {}, [null], [7], true);
    await fc.assert(
      fc.asyncProperty(
        fc.nat(responses.length - 1),
        fc.nat(),
        fc.constantFrom(
          "type",
          "content",
          "summary",
          "arguments",
          "name",
          "call_id",
          "id",
          "status",
          "role",
          "encrypted_content",
          "text",
        ),
        hostile,
        async (which, at, field, value) => {
          const response = structuredClone(responses[which]!);
          const output = response.output as Record<string, unknown>[];
          const item = output[at % output.length]!;
          item[field] = value;
          const events = await answer(response);
          const terminals = events.filter((e) =>
            ["response.completed", "response.incomplete", "response.failed"].includes(e.type),
          );
          expect(terminals).toHaveLength(1);
          expect(events.at(-1)).toBe(terminals[0]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
