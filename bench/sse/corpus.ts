/**
 * @module bench/sse/corpus — the recorded Open Responses streams of `fixtures/` (the `responses`
 * and `open-responses` wires: every `.chunks.txt` re-framed as SSE, every `.sse` file and every
 * streamed cassette body as recorded), cut into the reads a socket would deliver.
 */
import { recordedStreams } from "@openloop/protocol/fixtures";

/** Bytes per read: what one `reader.read()` of a fast local HTTP body typically returns. */
export const READ_SIZE = 16 * 1024;

export interface Corpus {
  /** Each stream as its reads. */
  streams: Uint8Array[][];
  /** Every `data:` payload of every stream (`[DONE]` excluded), for the bare JSON.parse floor. */
  payloads: string[];
  /** Total SSE bytes. */
  bytes: number;
  /** Total events (payloads). */
  events: number;
  /** How many recorded streams. */
  count: number;
}

export function loadCorpus(readSize = READ_SIZE): Corpus {
  const recorded = [...recordedStreams("responses"), ...recordedStreams("open-responses")];
  const streams: Uint8Array[][] = [];
  const payloads: string[] = [];
  let bytes = 0;
  for (const stream of recorded) {
    const all = new TextEncoder().encode(stream.sse);
    const reads: Uint8Array[] = [];
    for (let at = 0; at < all.length; at += readSize) reads.push(all.subarray(at, at + readSize));
    streams.push(reads);
    payloads.push(...stream.payloads);
    bytes += all.length;
  }
  return { streams, payloads, bytes, events: payloads.length, count: recorded.length };
}
