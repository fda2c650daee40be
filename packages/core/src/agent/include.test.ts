/**
 * `modelSettings.include` merges with the loop's own entry, over real HTTP: each case runs an
 * agent through `openResponses()` against `startMockServer` and reads the body the server got.
 */
import { functionCall, type MockServer, startMockServer, text } from "@openloop/testing";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { openResponses } from "../model/open-responses/open-responses.js";
import { run } from "../run/run.js";
import { tool } from "../tools/index.js";
import { Agent } from "./agent.js";
import type { AgentOptions } from "./options.js";

const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const ping = tool({ name: "ping", description: "Ping", parameters: z.object({}), execute: () => "pong" });

/** Runs two turns (a call, then an answer) and returns the `include` of each request received. */
async function includesSent(options: Partial<AgentOptions<unknown, unknown>>): Promise<unknown[]> {
  const server = await startMockServer([[functionCall("ping", {})], [text("done")]]);
  servers.push(server);
  const agent = new Agent({
    name: "includer",
    model: openResponses({ baseURL: server.url, model: "m" }),
    tools: [ping],
    ...options,
  });
  await run(agent, "go");
  return server.requests.map((r) => r.body?.include);
}

describe("include", () => {
  it("asks for encrypted reasoning when the user sets no include", async () => {
    const sent = await includesSent({});
    expect(sent).toEqual([["reasoning.encrypted_content"], ["reasoning.encrypted_content"]]);
  });

  it("keeps the loop's encrypted reasoning when the user passes an include (regression: it was replaced)", async () => {
    const sent = await includesSent({ modelSettings: { include: ["message.output_text.logprobs"] } });
    const merged = ["message.output_text.logprobs", "reasoning.encrypted_content"];
    expect(sent).toEqual([merged, merged]);
  });

  it("merges without duplicates, the user's order first", async () => {
    const sent = await includesSent({
      modelSettings: {
        include: [
          "reasoning.encrypted_content",
          "message.output_text.logprobs",
          "message.output_text.logprobs",
        ],
      },
    });
    expect(sent[0]).toEqual(["reasoning.encrypted_content", "message.output_text.logprobs"]);
  });

  it("sends the user's include as given on a stored (store: true) run", async () => {
    const sent = await includesSent({
      store: true,
      modelSettings: { include: ["message.output_text.logprobs"] },
    });
    expect(sent).toEqual([["message.output_text.logprobs"], ["message.output_text.logprobs"]]);
  });

  it("sends the user's include as given when chaining with previous_response_id", async () => {
    const sent = await includesSent({
      usePreviousResponseId: true,
      modelSettings: { include: ["message.output_text.logprobs"] },
    });
    expect(sent).toEqual([["message.output_text.logprobs"], ["message.output_text.logprobs"]]);
  });

  it("sends the user's include as given when a run continues a stored response by id", async () => {
    const server = await startMockServer([[text("again")]]);
    servers.push(server);
    const agent = new Agent({
      name: "includer",
      model: openResponses({ baseURL: server.url, model: "m" }),
      modelSettings: { include: ["message.output_text.logprobs"] },
    });
    await run(agent, "more", { previousResponseId: "resp_earlier" });
    expect(server.requests[0]?.body).toMatchObject({
      previous_response_id: "resp_earlier",
      include: ["message.output_text.logprobs"],
    });
  });
});
