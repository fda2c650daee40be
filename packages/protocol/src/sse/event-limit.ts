/**
 * @module sse/event-limit — a bound on the size of one SSE event, so that a broken or hostile
 * server (a `data:` line that never ends, `data:` lines with no blank line between them) cannot
 * make a reader buffer without end.
 */
import { describeKind } from "../errors/describe-kind.js";
import { OpenloopError } from "../errors/index.js";

/**
 * The default bound on one SSE event: 32 Mi characters. Generous (a recorded test decodes a 10 MB
 * event), yet far below what would exhaust a process.
 */
export const DEFAULT_MAX_SSE_EVENT_LENGTH = 32 * 1024 * 1024;

/**
 * Counts the characters of the SSE event in progress, that is, those since the last blank line
 * (the end of an event), comments and field names included, as the text goes by.
 *
 * Counted per chunk with native string searches, never per character: `lastIndexOf("\n\n")`, and
 * the CR forms only when the chunk has a CR after that point. A blank line split across two chunks
 * (`…\n` then `\n…`) is seen too. What this counts is what a framing parser holds for the event
 * (its unfinished line plus the event's `data:` lines so far), plus at most a few line breaks.
 *
 * Contract: `add(chunk)` once per chunk, in order, before the chunk is fed to the parser. When it
 * returns true, the event in progress is longer than `max`: feed only `chunk.slice(0, boundary)`
 * (the events the chunk completes) and stop reading with {@link SSEEventLimit.error}.
 */
export class SSEEventLimit {
  /** Characters of the event in progress. */
  #pending = 0;
  /** The last chunk ended with `\n` (1) or `\r` (2); 0 otherwise. */
  #lastBreak = 0;
  /**
   * After `add`: where, in the chunk, the last complete event ends (just after its blank line);
   * 0 when the chunk completes none.
   */
  boundary = 0;

  /**
   * @param max The most characters one event may take (UTF-16 code units, as `String#length`
   *   counts them: the bytes of ASCII text, never more than the UTF-8 bytes). A positive integer
   *   or `Infinity`.
   * @param who Names the caller in the `invalid_config` error a bad `max` throws.
   */
  constructor(
    readonly max: number,
    who = "SSEEventLimit",
  ) {
    if (!(typeof max === "number" && max > 0 && (Number.isInteger(max) || max === Infinity)))
      throw new OpenloopError(
        "invalid_config",
        `${who}: Expected \`maxEventLength\` to be a positive integer or Infinity, got ${typeof max === "number" ? max : describeKind(max)}`,
      );
  }

  /** Counts `chunk`; true when the event in progress is now longer than `max`. */
  add(chunk: string): boolean {
    const n = chunk.length;
    if (n === 0) return false;
    let at = chunk.lastIndexOf("\n\n");
    // CR line ends are rare: look for their blank lines only when a CR follows the last `\n\n`.
    let end = at + 2;
    if (chunk.indexOf("\r", at + 1) !== -1) {
      const crcr = chunk.lastIndexOf("\r\r");
      const lfcr = chunk.lastIndexOf("\n\r");
      if (crcr > at) {
        at = crcr;
        end = crcr + 2;
      }
      if (lfcr > at) {
        at = lfcr;
        // `\r\n\r\n`: the blank line's own `\n` belongs to it too.
        end = chunk.charCodeAt(lfcr + 2) === 10 ? lfcr + 3 : lfcr + 2;
      }
    }
    if (at !== -1) {
      this.boundary = end;
      this.#pending = n - this.boundary;
    } else {
      const first = chunk.charCodeAt(0);
      // `…\n` + `\n…`, `…\n` + `\r…`, `…\r` + `\r…` end an event; `…\r` + `\n…` is one CRLF.
      const split =
        (this.#lastBreak === 1 && (first === 10 || first === 13)) || (this.#lastBreak === 2 && first === 13);
      this.boundary = split ? 1 : 0;
      this.#pending = split ? n - 1 : this.#pending + n;
    }
    const last = chunk.charCodeAt(n - 1);
    this.#lastBreak = last === 10 ? 1 : last === 13 ? 2 : 0;
    return this.#pending > this.max;
  }

  /** The `stream_interrupted` error to stop with, naming the limit. */
  error(): OpenloopError {
    return new OpenloopError(
      "stream_interrupted",
      `An SSE event grew past ${this.max} characters (maxEventLength) before it ended; stopped reading the stream.`,
      { details: { maxEventLength: this.max } },
    );
  }
}
