/**
 * @module sse/text-chunks — what `decodeSSE` reads, as text: a fetch `Response`, its body, or any
 * (async) iterable of bytes or strings.
 */
import { describeKind } from "../errors/describe-kind.js";
import { OpenloopError } from "../errors/index.js";
import type { SSESource } from "./decode.js";
import { Utf8Chunks } from "./utf8-chunks.js";

/** The source as text chunks, decoding UTF-8 across chunk boundaries; cancels the body on early exit. */
export async function* textChunks(source: SSESource): AsyncGenerator<string, void, undefined> {
  const decoder = new Utf8Chunks();
  if (isResponse(source)) {
    if (source.body === null) return;
    yield* readStream(source.body, decoder);
  } else if (isReadableStream(source)) {
    yield* readStream(source, decoder);
  } else if (typeof source === "string") {
    // A string is iterable too, but char by char: take it as one chunk.
    yield source;
  } else if (!isIterable(source)) {
    throw new OpenloopError(
      "invalid_config",
      "decodeSSE(): Expected `source` to be a fetch Response, a ReadableStream<Uint8Array> or an " +
        `(async) iterable of Uint8Array or string chunks, got ${describeKind(source)}`,
    );
  } else {
    let index = 0;
    for await (const chunk of source) yield text(chunk, decoder, index++);
  }
  const rest = decoder.end();
  if (rest !== "") yield rest;
}

/**
 * One chunk as text: a string as it is, bytes decoded (a `TextDecoderStream`'s output and a byte
 * stream both work). Anything else is `invalid_config` naming the chunk, not a TypeError from deep
 * inside the decoder.
 */
function text(chunk: unknown, decoder: Utf8Chunks, index: number): string {
  if (typeof chunk === "string") return chunk;
  if (chunk instanceof Uint8Array) return decoder.decode(chunk);
  if (ArrayBuffer.isView(chunk))
    return decoder.decode(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  if (chunk instanceof ArrayBuffer) return decoder.decode(new Uint8Array(chunk));
  throw new OpenloopError(
    "invalid_config",
    `decodeSSE(): chunk ${index} of the source is ${describeKind(chunk)}; expected Uint8Array or string chunks`,
  );
}

/**
 * A fetch `Response`, also one whose class is not this realm's global `Response` (server frameworks
 * such as @hono/node-server replace the global, so `fetch`'s responses fail `instanceof Response`).
 */
function isResponse(value: unknown): value is Response {
  if (value instanceof Response) return true;
  const v = value as Partial<Response> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    "body" in v &&
    typeof v.headers?.get === "function" &&
    typeof v.status === "number" &&
    (v.body === null || isReadableStream(v.body))
  );
}

function isIterable(value: unknown): value is AsyncIterable<unknown> | Iterable<unknown> {
  return (
    typeof value === "object" && value !== null && (Symbol.asyncIterator in value || Symbol.iterator in value)
  );
}

function isReadableStream(value: unknown): value is ReadableStream<Uint8Array | string> {
  return typeof (value as ReadableStream | undefined)?.getReader === "function";
}

async function* readStream(
  stream: ReadableStream<Uint8Array | string>,
  decoder: Utf8Chunks,
): AsyncGenerator<string, void, undefined> {
  const reader = stream.getReader();
  let finished = false;
  let index = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield text(value, decoder, index++);
    }
  } finally {
    // Stopped early ([DONE], a break in the consumer): close the connection instead of leaking it.
    // After [DONE] the body has nearly always ended already, and cancelling a fetch body is not
    // cheap (undici builds an AbortError DOMException and tears the request down: a tenth of a
    // tool-loop turn's CPU in bench/), so look once for an end that is already there.
    if (!finished && !(await endsNow(reader))) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/**
 * True when the stream's next read is its end and is there without waiting for I/O: the read
 * races a `setImmediate`, which runs only after pending I/O callbacks. A read that brings more
 * data, fails or is still waiting means false (the caller cancels, which also settles the read).
 */
async function endsNow(reader: ReadableStreamDefaultReader<unknown>): Promise<boolean> {
  let timer: NodeJS.Immediate | undefined;
  const later = new Promise<undefined>((resolve) => {
    timer = setImmediate(() => resolve(undefined));
  });
  try {
    const next = await Promise.race([reader.read(), later]);
    return next?.done === true;
  } catch {
    return false;
  } finally {
    clearImmediate(timer);
  }
}
