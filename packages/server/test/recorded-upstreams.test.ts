/**
 * "Any model": every recorded provider stream of every wire (Open Responses, OpenAI Responses, Chat
 * Completions, Anthropic Messages — `fixtures/`), replayed by an upstream on 127.0.0.1 and served
 * through the server, reaches the client as a well-formed spec stream, and as a spec JSON response.
 *
 * What the upstream itself sent outside the spec is passed on as it came and left out of the
 * per-event check (the order check still covers it): vendor items (`web_search_call`,
 * `anthropic:server_tool_use`, ...) and vendor annotations (file citations, xAI's citations without
 * indexes).
 */
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  recordedStreams,
  streamOrderViolations,
  validateAgainstSpec,
  type Wire,
} from "@openloop/protocol/fixtures";
import { ScriptedModel } from "@openloop/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { post, serve, type TestServer } from "./support/server.js";
import { eventProblems, responseProblems } from "./support/spec.js";
import { parseWire } from "./support/sse.js";

type Obj = Record<string, unknown> & { type: string };

const SPEC_ITEMS = new Set(["message", "function_call", "function_call_output", "reasoning", "compaction"]);
const WIRES: Wire[] = ["open-responses", "responses", "chat-completions", "anthropic-messages"];

let replay = "";
let upstream: Server;
let server: TestServer;

beforeAll(async () => {
  upstream = createHttpServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(replay);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const baseURL = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
  const providers = Object.fromEntries(
    WIRES.map((wire) => [
      wire,
      {
        wire: wire === "open-responses" ? "responses" : wire,
        baseURL,
        apiKey: "unused",
        options: { maxRetries: 0 },
      },
    ]),
  );
  // One model turn: a recorded tool call ends the response (incomplete) instead of a replay loop.
  server = await serve(new ScriptedModel([]), { routing: { providers }, codeRunner: false, maxTurns: 1 });
});
afterAll(async () => {
  await server.close();
  await new Promise((resolve) => upstream.close(resolve));
});

/** Vendor items out of a response's output, vendor annotations out of its parts. */
function specOnly(value: Obj): Obj {
  const out: Obj = { ...value };
  if (out.part !== undefined) out.part = withSpecAnnotations(out.part as Obj);
  if (out.item !== undefined) out.item = itemWithSpecAnnotations(out.item as Obj);
  const response = out.response as { output?: Obj[] } | undefined;
  if (response?.output !== undefined) {
    out.response = {
      ...response,
      output: response.output.filter((i) => SPEC_ITEMS.has(i.type)).map(itemWithSpecAnnotations),
    };
  }
  return out;
}

function itemWithSpecAnnotations(item: Obj): Obj {
  return Array.isArray(item.content)
    ? { ...item, content: (item.content as Obj[]).map(withSpecAnnotations) }
    : item;
}

function withSpecAnnotations(part: Obj): Obj {
  if (!Array.isArray(part.annotations)) return part;
  return {
    ...part,
    annotations: (part.annotations as Obj[]).filter(
      (a) => a.type === "url_citation" && typeof a.start_index === "number" && typeof a.title === "string",
    ),
  };
}

const isVendorItemEvent = (event: Obj) =>
  event.type.startsWith("response.output_item.") && !SPEC_ITEMS.has((event.item as Obj).type);

const streams = WIRES.flatMap((wire) => recordedStreams(wire).map((s) => [s.name, wire, s.sse] as const));

describe("every recorded upstream stream, served", () => {
  test("there are recordings of every wire", () => {
    for (const wire of WIRES) expect(streams.filter((s) => s[1] === wire).length).toBeGreaterThan(0);
  });

  test.each(streams)("%s: a spec stream and a spec response", async (_name, wire, sse) => {
    replay = sse;
    const streamed = await post(server.url, "/responses", { model: `${wire}/m`, input: "Hi", stream: true });
    expect(streamed.status).toBe(200);
    const { events, problems } = parseWire(await streamed.text());
    expect(problems).toEqual([]);
    expect(streamOrderViolations(events as Obj[])).toEqual([]);
    for (const event of events as Obj[]) {
      if (!isVendorItemEvent(event)) expect(eventProblems(specOnly(event))).toEqual([]);
    }

    const json = await post(server.url, "/responses", { model: `${wire}/m`, input: "Hi" });
    const body = (await json.json()) as Obj;
    if (events.at(-1)?.type === "response.failed") {
      // The upstream's own failure: the JSON answer is the spec's error envelope.
      expect(json.status).toBeGreaterThanOrEqual(400);
      expect(validateAgainstSpec("ErrorEnvelope", body)).toEqual([]);
    } else {
      expect(json.status).toBe(200);
      expect(responseProblems(specOnly({ type: "json", response: body }).response)).toEqual([]);
    }
  });
});
