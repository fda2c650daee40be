import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fixturePath, recordedStreams, reframeChunks } from "@openloop/protocol/fixtures";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { OpenloopError } from "../errors/index.js";
import type { StreamEvent } from "../schemas/events.js";
import { type DecodeSSEOptions, decodeSSE, type SSESource } from "./decode.js";

const encoder = new TextEncoder();

async function collect(source: SSESource, options?: DecodeSSEOptions): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const event of decodeSSE(source, options)) out.push(event);
  return out;
}

/** The bytes of `text`, cut at the given byte offsets. */
function cut(text: string, offsets: number[]): Uint8Array[] {
  const bytes = encoder.encode(text);
  const points = [...new Set(offsets)].filter((o) => o > 0 && o < bytes.length).sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(start, p));
    start = p;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

const raw = { normalizeAliases: false } as const;
const streams = [...recordedStreams("responses"), ...recordedStreams("open-responses")];

describe("decodeSSE on every recorded Responses / Open Responses stream", () => {
  test("there are recorded streams of both kinds (exact cassette bytes and re-framed chunks)", () => {
    expect(streams.filter((s) => s.exact).length).toBeGreaterThan(10);
    expect(streams.filter((s) => !s.exact).length).toBeGreaterThan(20);
  });

  for (const stream of streams) {
    test(`${stream.name}: yields every payload, in order, unchanged`, async () => {
      const events = await collect(cut(stream.sse, [1000, 5000, 20_000]), raw);
      expect(events).toEqual(stream.payloads.map((p) => JSON.parse(p)));
    });
  }

  test("CRLF line endings give the same events", async () => {
    for (const stream of streams.slice(0, 10)) {
      const crlf = stream.sse.replace(/\r?\n/g, "\r\n");
      expect(await collect([crlf], raw)).toEqual(stream.payloads.map((p) => JSON.parse(p)));
    }
  });

  test("lone CR line endings give the same events", async () => {
    const stream = streams.find((s) => s.name.endsWith("azure-text.1.chunks.txt"))!;
    expect(await collect([stream.sse.replace(/\n/g, "\r")], raw)).toEqual(
      stream.payloads.map((p) => JSON.parse(p)),
    );
  });
});

describe("decodeSSE framing across reads", () => {
  // A multi-byte character in the stream, so byte cuts can fall inside a UTF-8 sequence.
  const sse =
    reframeChunks(readFileSync(fixturePath("responses", "azure-text.1.chunks.txt"), "utf8")) +
    'event: response.output_text.delta\r\ndata: {"type":"response.output_text.delta","delta":"héllo → ✓ 🎉"}\r\n\r\n';

  test("a stream split at every possible byte boundary decodes the same", async () => {
    const expected = await collect([sse]);
    const length = encoder.encode(sse).length;
    for (let at = 1; at < length; at++) expect(await collect(cut(sse, [at]))).toEqual(expected);
  });

  test("a stream cut into many pieces at random byte offsets decodes the same (property)", async () => {
    const expected = await collect([sse]);
    const length = encoder.encode(sse).length;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: length - 1 }), { maxLength: 60 }),
        async (offsets) => {
          expect(await collect(cut(sse, offsets))).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("decodeSSE tolerance", () => {
  test("multi-line data: the lines are joined with \\n before JSON parsing", async () => {
    const events = await collect(['data: {"type":"a",\ndata: "x":\ndata: 1}\n\n']);
    expect(events).toEqual([{ type: "a", x: 1 }]);
  });

  test("comment lines (OpenRouter's `: OPENROUTER PROCESSING`) are skipped", async () => {
    const events = await collect([': OPENROUTER PROCESSING\n\n:\ndata: {"type":"a"}\n\n: keep-alive\n\n']);
    expect(events).toEqual([{ type: "a" }]);
  });

  test("without event: lines the payload's own type is used", async () => {
    expect(await collect(['data: {"type":"response.in_progress","sequence_number":1}\n\n'])).toEqual([
      { type: "response.in_progress", sequence_number: 1 },
    ]);
  });

  test("a payload without `type` takes the frame's event: name", async () => {
    expect(await collect(['event: response.queued\ndata: {"sequence_number":0}\n\n'])).toEqual([
      { type: "response.queued", sequence_number: 0 },
    ]);
  });

  test("without [DONE] the stream ends cleanly at the end of input", async () => {
    expect(await collect(['data: {"type":"a"}\n\ndata: {"type":"b"}\n\n'])).toEqual([
      { type: "a" },
      { type: "b" },
    ]);
  });

  test("a last frame missing its blank line is still delivered", async () => {
    expect(await collect(['data: {"type":"a"}\n\ndata: {"type":"b"}'])).toEqual([
      { type: "a" },
      { type: "b" },
    ]);
  });

  test("[DONE] ends the stream: nothing after it is read", async () => {
    async function* source() {
      yield 'data: {"type":"a"}\n\ndata: [DONE]\n\n';
      throw new Error("read past [DONE]");
    }
    expect(await collect(source())).toEqual([{ type: "a" }]);
  });

  test("response.reasoning_text.* is renamed to the spec's response.reasoning.* by default, and kept when asked", async () => {
    const sse =
      'data: {"type":"response.reasoning_text.delta","delta":"x"}\n\ndata: {"type":"response.reasoning_text.done","text":"x"}\n\n';
    expect((await collect([sse])).map((e) => e.type)).toEqual([
      "response.reasoning.delta",
      "response.reasoning.done",
    ]);
    expect((await collect([sse], raw)).map((e) => e.type)).toEqual([
      "response.reasoning_text.delta",
      "response.reasoning_text.done",
    ]);
  });

  test("a UTF-8 byte-order mark at the start is ignored", async () => {
    expect(await collect(['\uFEFFdata: {"type":"a"}\n\n'])).toEqual([{ type: "a" }]);
    expect(await collect([encoder.encode('\uFEFFdata: {"type":"a"}\n\n')])).toEqual([{ type: "a" }]);
  });

  test("a byte-order mark cut across the first reads is dropped; a U+FEFF at the start of a later read is kept", async () => {
    const sse = '\uFEFFdata: {"type":"a","text":"x"}\n\ndata: {"type":"b","text":"\uFEFFy"}\n\n';
    const bytes = encoder.encode(sse);
    const later = bytes.indexOf(0xef, 3); // the second U+FEFF: a read starts right on it
    expect(await collect([bytes.subarray(0, 1), bytes.subarray(1, later), bytes.subarray(later)])).toEqual([
      { type: "a", text: "x" },
      { type: "b", text: "\uFEFFy" },
    ]);
  });

  test("a stream that ends inside a UTF-8 sequence ends with U+FFFD where it was cut, as TextDecoder does", async () => {
    const bytes = encoder.encode('data: {"type":"a","text":"é"}');
    // The closing `"}` never comes: the cut `é` decodes to U+FFFD, and the frame is not JSON.
    const events = await collect([bytes.subarray(0, bytes.length - 3)]);
    expect(events).toHaveLength(1);
    expect((events[0] as { error: { message: string } }).error.message).toContain("\uFFFD");
  });

  test("a 10 MB event decodes whole", async () => {
    const text = "x".repeat(10 * 1024 * 1024);
    const sse = `event: response.output_text.delta\ndata: ${JSON.stringify({ type: "response.output_text.delta", delta: text })}\n\n`;
    const events = await collect(
      cut(
        sse,
        Array.from({ length: 200 }, (_, i) => i * 65_536),
      ),
    );
    expect(events).toHaveLength(1);
    expect((events[0] as { delta: string }).delta.length).toBe(text.length);
  });
});

describe("decodeSSE sources", () => {
  const body = 'event: a\ndata: {"type":"a"}\n\ndata: [DONE]\n\n';

  test("a ReadableStream of bytes", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of cut(body, [3, 17])) controller.enqueue(chunk);
        controller.close();
      },
    });
    expect(await collect(stream)).toEqual([{ type: "a" }]);
  });

  test("a fetch Response from a real HTTP server on 127.0.0.1, cancelled after [DONE]", async () => {
    let closed!: () => void;
    const clientGone = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(body);
      // Keep the connection open: decodeSSE must stop at [DONE] and close it itself.
      res.on("close", () => closed());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`);
      expect(await collect(res)).toEqual([{ type: "a" }]);
      await clientGone;
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test("a Response from another realm (a server framework replaced the global Response) is read as a Response", async () => {
    // @hono/node-server swaps the global `Response`, after which fetch's responses fail `instanceof`.
    const real = new Response(body);
    const foreign = { status: real.status, headers: real.headers, body: real.body, ok: true };
    expect(foreign instanceof Response).toBe(false);
    expect(await collect(foreign as unknown as Response)).toEqual([{ type: "a" }]);
  });

  test("a Response without a body yields nothing", async () => {
    expect(await collect(new Response(null))).toEqual([]);
  });

  test("a string and an iterable of strings", async () => {
    expect(await collect('data: {"type":"a"}\n\n' as unknown as SSESource)).toEqual([{ type: "a" }]);
    expect(await collect(["data: {", '"type":"a"}\n', "\n"])).toEqual([{ type: "a" }]);
  });
});

describe("decodeSSE bad input", () => {
  const good = (type: string) => `data: {"type":"${type}"}\n\n`;

  test("a garbage line becomes an sse_malformed error event and the stream goes on", async () => {
    const events = await collect([good("a"), "this is not sse\n\n", good("b")]);
    expect(events.map((e) => e.type)).toEqual(["a", "error", "b"]);
    expect(events[1]).toEqual({
      type: "error",
      sequence_number: -1,
      error: {
        type: "server_error",
        code: "sse_malformed",
        param: null,
        message: 'Not an SSE line: "this is not sse"',
      },
    });
  });

  test("data that is not JSON becomes an sse_malformed error event naming the data", async () => {
    const events = await collect([good("a"), "data: {not json\n\n", good("b")]);
    expect(events.map((e) => e.type)).toEqual(["a", "error", "b"]);
    const error = (events[1] as { error: { code: string; message: string } }).error;
    expect(error.code).toBe("sse_malformed");
    expect(error.message).toBe('SSE data is not JSON: "{not json"');
  });

  test("JSON that is not an object, or has no type and no event name, is malformed", async () => {
    const events = await collect(["data: [1,2]\n\n", 'data: {"x":1}\n\n', "data: null\n\n"]);
    expect(events.map((e) => (e as { error: { message: string } }).error.message)).toEqual([
      'SSE data is not a JSON object: "[1,2]"',
      'SSE event has no string `type` and no `event:` name: "{\\"x\\":1}"',
      'SSE data is not a JSON object: "null"',
    ]);
  });

  test("a stream cut inside a frame ends with an sse_malformed error event, not a crash", async () => {
    const events = await collect([good("a"), 'data: {"type":"b","delta":"unfinish']);
    expect(events.map((e) => e.type)).toEqual(["a", "error"]);
    expect((events[1] as { error: { code: string } }).error.code).toBe("sse_malformed");
  });

  test('onError: "throw" yields everything before the bad frame, then throws OpenloopError sse_malformed', async () => {
    const seen: string[] = [];
    let caught: unknown;
    try {
      for await (const event of decodeSSE([good("a"), "data: {oops\n\n", good("b")], { onError: "throw" }))
        seen.push(event.type);
    } catch (error) {
      caught = error;
    }
    expect(seen).toEqual(["a"]);
    expect(caught).toBeInstanceOf(OpenloopError);
    expect((caught as OpenloopError).code).toBe("sse_malformed");
    expect((caught as OpenloopError).message).toBe('SSE data is not JSON: "{oops"');
  });

  test("a long bad payload is quoted only in part", async () => {
    const [event] = await collect([`data: ${"z".repeat(5000)}\n\n`]);
    const message = (event as { error: { message: string } }).error.message;
    expect(message.length).toBeLessThan(200);
    expect(message).toContain("zzz…");
  });

  test.each([
    ["undefined", undefined, "undefined"],
    ["a number", 5, "number"],
    ["a plain object", { body: "x" }, "an object (Object)"],
  ])(
    "a source that is %s: invalid_config naming what was passed, not a TypeError",
    async (_, source, what) => {
      const error = await collect(source as unknown as SSESource).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenloopError);
      expect(error).toMatchObject({ code: "invalid_config" });
      expect((error as Error).message).toBe(
        "decodeSSE(): Expected `source` to be a fetch Response, a ReadableStream<Uint8Array> or an " +
          `(async) iterable of Uint8Array or string chunks, got ${what}`,
      );
    },
  );

  test("a chunk that is neither bytes nor text: invalid_config naming the chunk, after the events before it", async () => {
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of decodeSSE([good("a"), 42 as never])) seen.push(event.type);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(["a"]);
    expect(error).toBeInstanceOf(OpenloopError);
    expect(error).toMatchObject({ code: "invalid_config" });
    expect((error as Error).message).toBe(
      "decodeSSE(): chunk 1 of the source is number; expected Uint8Array or string chunks",
    );
    const fromStream = await collect(
      new ReadableStream({
        start(controller) {
          controller.enqueue({ not: "bytes" });
          controller.close();
        },
      }) as never,
    ).catch((e: unknown) => e);
    expect((fromStream as Error).message).toMatch(/chunk 0 of the source is an object \(Object\)/);
  });

  test("text streams (a TextDecoderStream's output) and other byte views are read too", async () => {
    const bytes = new ReadableStream<BufferSource>({
      start(controller) {
        controller.enqueue(encoder.encode(good("a") + good("b")));
        controller.close();
      },
    });
    const text = bytes.pipeThrough(new TextDecoderStream());
    expect((await collect(text)).map((e) => e.type)).toEqual(["a", "b"]);
    const view = encoder.encode(good("c"));
    // Not in the declared chunk type, but what a byte source may well hand over.
    const views = [new DataView(view.buffer), view.buffer] as unknown as Uint8Array[];
    expect((await collect(views)).map((e) => e.type)).toEqual(["c", "c"]);
  });

  test.each([
    ["onError misspelt", { onError: "raise" }, 'Expected `onError` to be "yield" or "throw", got "raise"'],
    [
      "normalizeAliases not a boolean",
      { normalizeAliases: "no" },
      'Expected `normalizeAliases` to be a boolean, got "no"',
    ],
    ["options null", null, "Expected `options` to be an object, got null"],
  ])("bad options (%s): invalid_config at the call, naming the option", (_, options, message) => {
    expect(() => decodeSSE([], options as never)).toThrow(`decodeSSE(): ${message}`);
    try {
      decodeSSE([], options as never);
    } catch (error) {
      expect(OpenloopError.is(error, "invalid_config")).toBe(true);
    }
  });

  test("a source that fails mid-stream rejects with its own error after the events before it", async () => {
    async function* source() {
      yield good("a");
      throw new Error("connection reset");
    }
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const event of decodeSSE(source())) seen.push(event.type);
      })(),
    ).rejects.toThrow("connection reset");
    expect(seen).toEqual(["a"]);
  });
});
