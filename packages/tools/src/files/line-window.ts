/**
 * Reads a window of lines from an open file without loading the whole file: the lines before
 * the window are skipped, the window is kept up to a line and a byte budget, and the rest is only
 * counted (so the reader can say how many lines there are in all).
 */
import type { FileHandle } from "node:fs/promises";

const CHUNK = 64 * 1024;
/** How far into a file a NUL byte marks it as binary (what git and grep look at, roughly). */
export const BINARY_SNIFF_BYTES = 8000;

export interface LineWindowRequest {
  /** First line to show, 1-based. */
  offset: number;
  /** Most lines to show. */
  maxLines: number;
  /** Most bytes to show. */
  maxBytes: number;
}

export interface LineWindow {
  /** The lines shown, without the newline after the last one. */
  text: string;
  /** Number of the first line shown (1-based); `to < from` when none is shown. */
  from: number;
  /** Number of the last line shown. */
  to: number;
  /** Lines in the whole file (a last line without a newline counts). */
  total: number;
  /** Which budget ended the window early, if any. */
  limitedBy: "lines" | "bytes" | undefined;
  /** The one line shown was longer than `maxBytes` and is cut. */
  cutLine: boolean;
  /** The file has a NUL byte near its start; nothing was read. */
  binary: boolean;
}

/** @param chunkSize bytes read at a time (a parameter so tests can cross chunk edges cheaply). */
export async function readLineWindow(
  handle: FileHandle,
  request: LineWindowRequest,
  chunkSize = CHUNK,
): Promise<LineWindow> {
  const { offset, maxLines, maxBytes } = request;
  const buf = Buffer.allocUnsafe(chunkSize);
  const parts: Buffer[] = [];
  let bytes = 0;
  let lineStartParts = 0;
  let lineStartBytes = 0;
  let line = 1; // the line the cursor is in
  let lineHasBytes = false;
  let shown = 0;
  let state: "skip" | "take" | "count" = offset > 1 ? "skip" : "take";
  let limitedBy: LineWindow["limitedBy"];
  let cutLine = false;
  for (let position = 0; ; ) {
    const { bytesRead } = await handle.read(buf, 0, chunkSize, position);
    if (bytesRead === 0) break;
    if (
      position < BINARY_SNIFF_BYTES &&
      buf.subarray(0, Math.min(bytesRead, BINARY_SNIFF_BYTES - position)).includes(0)
    ) {
      return { text: "", from: 1, to: 0, total: 0, limitedBy: undefined, cutLine: false, binary: true };
    }
    position += bytesRead;
    for (let i = 0; i < bytesRead; ) {
      const nl = buf.indexOf(10, i);
      const ends = nl !== -1 && nl < bytesRead;
      const end = ends ? nl + 1 : bytesRead;
      lineHasBytes = true;
      if (state === "take") {
        if (bytes + end - i <= maxBytes) {
          parts.push(Buffer.from(buf.subarray(i, end)));
          bytes += end - i;
        } else if (shown === 0) {
          // A single line over budget: show its start (cut on a character boundary below).
          parts.push(Buffer.from(buf.subarray(i, i + maxBytes - bytes)));
          bytes = maxBytes;
          shown = 1;
          cutLine = true;
          limitedBy = "bytes";
          state = "count";
        } else {
          parts.length = lineStartParts;
          bytes = lineStartBytes;
          limitedBy = "bytes";
          state = "count";
        }
      }
      if (ends) {
        if (state === "take" && ++shown >= maxLines) {
          limitedBy = "lines";
          state = "count";
        }
        line++;
        lineHasBytes = false;
        if (state === "skip" && line >= offset) state = "take";
        lineStartParts = parts.length;
        lineStartBytes = bytes;
      }
      i = end;
    }
  }
  // A last line without a newline was taken but not yet counted as shown.
  if (state === "take" && lineHasBytes) shown++;
  const total = lineHasBytes ? line : line - 1;
  const to = offset + shown - 1;
  const kept = Buffer.concat(parts, bytes);
  let text = (cutLine ? withoutPartialChar(kept) : kept).toString("utf8");
  if (text.endsWith("\n")) text = text.slice(0, -1);
  return {
    text,
    from: offset,
    to,
    total,
    limitedBy: to < total ? limitedBy : undefined,
    cutLine,
    binary: false,
  };
}

/** `bytes` without a UTF-8 sequence cut short at its end. */
function withoutPartialChar(bytes: Buffer): Buffer {
  let start = bytes.length - 1;
  while (start >= 0 && (bytes[start]! & 0xc0) === 0x80) start--;
  if (start < 0) return bytes;
  const lead = bytes[start]!;
  const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return bytes.length - start < length ? bytes.subarray(0, start) : bytes;
}
