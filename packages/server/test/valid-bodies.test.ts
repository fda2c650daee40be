/**
 * The other half of the fuzz run: valid request bodies (the protocol's generator of spec-valid
 * `CreateResponseBody`s, fixed seed) are answered 200, and everything the server echoes of them —
 * `text`, `tools`, `tool_choice`, `reasoning`, `metadata`, ... — keeps the response valid against the
 * spec's OpenAPI document, as JSON and as SSE.
 */
import type { Model } from "@openloop/core";
import { arbitraries } from "@openloop/protocol/fixtures";
import { ScriptedModel, text } from "@openloop/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, test } from "vitest";
import { post, serve, type TestServer } from "./support/server.js";
import { responseProblems, streamProblems } from "./support/spec.js";
import { parseWire } from "./support/sse.js";

/** Answers every request with a short text, whatever it asks. */
const answering: Model = {
  stream: (request, options) => new ScriptedModel([[text("ok")]]).stream(request, options),
};

let server: TestServer;
beforeAll(async () => {
  server = await serve(answering, { codeRunner: false, log: false });
});
afterAll(() => server.close());

type Body = Record<string, unknown>;

/**
 * A valid body this server can answer without a conversation behind it: no `previous_response_id`,
 * no item references or other servers' compaction items, and a `tool_choice` that forces no call
 * (the model here never calls one).
 */
const answerable = arbitraries.createResponseBody.map((generated) => {
  const { previous_response_id: _, tool_choice, ...body } = generated as Body;
  const input = Array.isArray(body.input)
    ? (body.input as Body[]).filter(
        (item) => item.type !== undefined && item.type !== "item_reference" && item.type !== "compaction",
      )
    : body.input;
  const answerable: Body = { ...body, input, model: "test" };
  if (tool_choice === "auto" || tool_choice === "none") answerable.tool_choice = tool_choice;
  return answerable;
});

describe("valid request bodies", () => {
  test("300 valid bodies: each answered 200 with a response (JSON or SSE) valid against the spec", async () => {
    await fc.assert(
      fc.asyncProperty(answerable, async (body) => {
        const res = await post(server.url, "/responses", body);
        const answer = await res.text();
        if (res.status !== 200) throw new Error(`status ${res.status}: ${answer.slice(0, 300)}`);
        const problems =
          body.stream === true
            ? (() => {
                const wire = parseWire(answer);
                return [...wire.problems, ...streamProblems(wire.events)];
              })()
            : responseProblems(JSON.parse(answer));
        if (problems.length > 0) throw new Error(problems.slice(0, 5).join("\n"));
      }),
      { seed: 20260424, numRuns: 300 },
    );
  });
});
