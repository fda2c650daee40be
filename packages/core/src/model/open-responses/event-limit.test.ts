import type { ServerResponse } from "node:http";
import { DEFAULT_MAX_SSE_EVENT_LENGTH, OpenloopError } from "@openloop/protocol";
import { afterEach, describe, expect, test } from "vitest";
import { Agent } from "../../agent/agent.js";
import { run } from "../../run/run.js";
import { collect, failureOfLast, rawServer } from "./http.test-helpers.js";
import { openResponses } from "./open-responses.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/**
 * A server that starts a response, then sends a `data:` line that never ends, in 1 MiB writes, as
 * long as the client reads. `closed` resolves when the client lets go of the connection.
 */
async function endlessEventServer() {
  let closed!: () => void;
  const gone = new Promise<void>((resolve) => {
    closed = resolve;
  });
  const filler = "x".repeat(1024 * 1024);
  const server = await rawServer((_req, res: ServerResponse) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(
      'event: response.created\ndata: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","status":"in_progress","model":"m","output":[]}}\n\n',
    );
    res.write('event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"');
    let open = true;
    res.on("close", () => {
      open = false;
      closed();
    });
    const pump = () => {
      while (open && res.write(filler)) {}
      if (open) res.once("drain", pump);
    };
    pump();
  });
  closers.push(server.close);
  return { url: server.url, gone };
}

describe("openResponses: an SSE event past the decoder's size bound", () => {
  test("ends the stream with response.failed stream_interrupted naming maxEventLength, and closes the connection", async () => {
    const server = await endlessEventServer();
    const model = openResponses({ baseURL: server.url, model: "m", maxRetries: 0 });
    const events = await collect(model.stream({ input: "x" }, {}));
    const error = failureOfLast(events);
    expect(error?.code).toBe("stream_interrupted");
    expect(error?.message).toContain(`grew past ${DEFAULT_MAX_SSE_EVENT_LENGTH} characters (maxEventLength)`);
    expect(error?.message).not.toContain("the server closed the connection");
    // What arrived before is kept: the response id.
    expect(events.at(-1)).toMatchObject({ response: { id: "resp_1" } });
    await server.gone;
  });

  test("the bound is the option maxEventLength; a bad one is invalid_config naming it", async () => {
    const server = await endlessEventServer();
    const model = openResponses({ baseURL: server.url, model: "m", maxRetries: 0, maxEventLength: 100_000 });
    const error = failureOfLast(await collect(model.stream({ input: "x" }, {})));
    expect(error?.code).toBe("stream_interrupted");
    expect(error?.message).toContain("grew past 100000 characters (maxEventLength)");
    await server.gone;
    for (const bad of [0, 1.5, "big"])
      expect(() => openResponses({ baseURL: server.url, model: "m", maxEventLength: bad as number })).toThrow(
        /openResponses\(\): Expected `maxEventLength`/,
      );
  });

  test("reaches run() as a typed RunError", async () => {
    const server = await endlessEventServer();
    const agent = new Agent({
      name: "big",
      model: openResponses({ baseURL: server.url, model: "m", maxRetries: 0 }),
    });
    const error = await run(agent, "x").catch((e: unknown) => e);
    expect(OpenloopError.is(error, "stream_interrupted")).toBe(true);
    expect((error as Error).message).toContain("maxEventLength");
    await server.gone;
  });
});
