/**
 * @module sse/utf8-chunks — UTF-8 bytes to text, one read at a time.
 */

/**
 * UTF-8 bytes to text, chunk by chunk. Not `TextDecoder`'s `{ stream: true }` mode: on Node 20
 * that mode leaves the simdutf fast path for ICU's converter and decodes 2–3× slower (measured in
 * `bench/`: it cost more than the SSE framing). Each chunk is decoded whole instead, and a UTF-8
 * sequence cut by the end of a chunk (at most 3 bytes) is carried over to the next one.
 */
export class Utf8Chunks {
  // The stream's byte-order mark is dropped by decodeSSE itself (for text sources too); a U+FEFF
  // at the start of a later chunk is content and must stay.
  readonly #decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  #carry: Uint8Array | undefined;

  decode(chunk: Uint8Array): string {
    let bytes = chunk;
    const carry = this.#carry;
    if (carry !== undefined) {
      bytes = new Uint8Array(carry.length + chunk.length);
      bytes.set(carry);
      bytes.set(chunk, carry.length);
      this.#carry = undefined;
    }
    const end = completeEnd(bytes);
    if (end < bytes.length) {
      this.#carry = bytes.slice(end);
      bytes = bytes.subarray(0, end);
    }
    return this.#decoder.decode(bytes);
  }

  /** What is left: an unfinished sequence, decoded (to U+FFFD) as the stream mode would at its end. */
  end(): string {
    const carry = this.#carry;
    this.#carry = undefined;
    return carry === undefined ? "" : this.#decoder.decode(carry);
  }
}

/** Where a UTF-8 sequence cut off by the end of `bytes` starts; `bytes.length` when none is. */
function completeEnd(bytes: Uint8Array): number {
  const n = bytes.length;
  // Walk back over continuation bytes (10xxxxxx) to the lead byte: at most 3 of them.
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const byte = bytes[i]!;
    if (byte < 0x80) return n;
    if (byte >= 0xc0) return i + (byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2) > n ? i : n;
  }
  return n;
}
