/**
 * Checked against a real recording: OpenAI's Responses API streaming a structured output (a
 * `json_schema` format named "Book", gpt-5). The recorded SSE bytes are served over HTTP on
 * 127.0.0.1 to `openResponses()`, so our request's `text.format` is compared with the one the
 * real client sent, and the partial and final values are computed from the real deltas.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { CreateResponseBody } from "@openloop/protocol";
import { fixturePath, loadCassette } from "@openloop/protocol/fixtures";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import type { OutputPartialEvent } from "../events/run-event.js";
import { openResponses } from "../model/open-responses/open-responses.js";
import { run } from "../run/run.js";
import { runStream } from "../run/run-stream.js";

const [recorded] = loadCassette(
  fixturePath(
    "responses",
    "TestOpenAIResponsesObjectGeneration__openai-gpt-5__complex_object_streaming.yaml",
  ),
);
const recordedFormat = (recorded!.requestBody as CreateResponseBody).text!.format as {
  name: string;
  schema: Record<string, unknown>;
};
const book = {
  author: { name: "J.R.R. Tolkien", nationality: "British" },
  genres: ["Fantasy", "Adventure", "High fantasy", "Epic"],
  published_year: 1954,
  title: "The Lord of the Rings",
};

let server: Server | undefined;
const received: CreateResponseBody[] = [];
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
  received.length = 0;
});

function sortRequired(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortRequired);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value))
    out[key] = key === "required" && Array.isArray(inner) ? [...inner].sort() : sortRequired(inner);
  return out;
}

/** Answers every POST /v1/responses with the recorded SSE bytes. */
async function replayServer(): Promise<string> {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", () => {
      received.push(JSON.parse(body) as CreateResponseBody);
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(recorded!.body);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

describe("a recorded structured-output stream (OpenAI Responses, gpt-5)", () => {
  it("gets the request format the real client sent, and the recorded object as finalOutput", async () => {
    interface Book {
      title: string;
      author: { name: string; nationality: string };
      genres: string[];
      published_year: number;
    }
    const model = openResponses({ baseURL: await replayServer(), model: "gpt-5" });
    const agent = new Agent<unknown, Book>({
      name: "books",
      model,
      output: recordedFormat.schema,
      outputName: "Book",
    });
    const result = await run(agent, "Generate information about 'The Lord of the Rings'.");
    expect(result.finalOutput).toEqual(book);
    // The recorded schema is already strict: normalizing it changes nothing (but the order in
    // which `required` lists the properties, which means nothing).
    expect(sortRequired(received[0]?.text?.format)).toEqual({
      type: "json_schema",
      name: "Book",
      schema: sortRequired(recordedFormat.schema),
      strict: true,
    });
  });

  it("streams partial values that grow into the validated one", async () => {
    const model = openResponses({ baseURL: await replayServer(), model: "gpt-5" });
    const agent = new Agent({
      name: "books",
      model,
      output: z.object({
        title: z.string(),
        author: z.object({ name: z.string(), nationality: z.string() }),
        genres: z.array(z.string()),
        published_year: z.number(),
      }),
    });
    const stream = runStream(agent, "Generate information about 'The Lord of the Rings'.");
    const partials: OutputPartialEvent[] = [];
    for await (const event of stream) if (event.type === "output.partial") partials.push(event);
    const result = await stream.result;
    expectTypeOf(result.finalOutput).toEqualTypeOf<
      | {
          title: string;
          author: { name: string; nationality: string };
          genres: string[];
          published_year: number;
        }
      | undefined
    >();
    expect(result.finalOutput).toEqual(book);
    expect(partials.length).toBeGreaterThan(5);
    expect(partials.at(-1)?.value).toEqual(book);
    // Each partial's text extends the one before, and every value parsed from a prefix.
    for (let i = 1; i < partials.length; i++)
      expect(partials[i]!.text.startsWith(partials[i - 1]!.text)).toBe(true);
    expect(partials.map((p) => p.value)).toContainEqual({ author: { name: "J.R.R. Tolkien" } });
  });
});
