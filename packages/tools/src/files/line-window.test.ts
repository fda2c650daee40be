import { writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tmpWorkspace } from "../../test/support/tmp-workspace.js";
import { type LineWindowRequest, readLineWindow } from "./line-window.js";

async function windowOf(content: string | Buffer, request: LineWindowRequest, chunkSize?: number) {
  const t = tmpWorkspace();
  const file = join(t.root, "f.txt");
  writeFileSync(file, content);
  const handle = await open(file, "r");
  try {
    return await readLineWindow(handle, request, chunkSize);
  } finally {
    await handle.close();
  }
}

/** The same window computed the obvious way, from the whole text in memory. */
function expected(text: string, { offset, maxLines, maxBytes }: LineWindowRequest) {
  const lines = text === "" ? [] : text.split(/(?<=\n)/);
  const shown: string[] = [];
  let bytes = 0;
  let limitedBy: "lines" | "bytes" | undefined;
  let cutLine = false;
  for (const line of lines.slice(offset - 1)) {
    if (shown.length === maxLines) {
      limitedBy = "lines";
      break;
    }
    const size = Buffer.byteLength(line);
    if (bytes + size > maxBytes) {
      limitedBy = "bytes";
      if (shown.length === 0) {
        let cut = "";
        for (const char of line) {
          if (Buffer.byteLength(cut + char) > maxBytes) break;
          cut += char;
        }
        shown.push(cut);
        cutLine = true;
      }
      break;
    }
    shown.push(line);
    bytes += size;
  }
  const to = offset + shown.length - 1;
  return {
    text: shown.join("").replace(/\n$/, ""),
    from: offset,
    to,
    total: lines.length,
    limitedBy: to < lines.length ? limitedBy : undefined,
    cutLine,
    binary: false,
  };
}

describe("readLineWindow", () => {
  it("matches the in-memory computation for any text, window and chunk size", async () => {
    const char = fc.constantFrom("a", "b", " ", "\n", "\n", "\r", "é", "€", "😀");
    await fc.assert(
      fc.asyncProperty(
        fc.array(char, { maxLength: 120 }).map((chars) => chars.join("")),
        fc.record({
          offset: fc.integer({ min: 1, max: 12 }),
          maxLines: fc.integer({ min: 1, max: 10 }),
          maxBytes: fc.integer({ min: 1, max: 60 }),
        }),
        fc.integer({ min: 1, max: 16 }),
        async (text, request, chunkSize) => {
          expect(await windowOf(text, request, chunkSize)).toEqual(expected(text, request));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("counts every line of a file much larger than the window", async () => {
    const text = Array.from({ length: 30_000 }, (_, i) => `line ${i + 1}`).join("\n");
    const w = await windowOf(text, { offset: 10, maxLines: 3, maxBytes: 1000 });
    expect(w).toMatchObject({
      text: "line 10\nline 11\nline 12",
      from: 10,
      to: 12,
      total: 30_000,
      limitedBy: "lines",
    });
  });

  it("flags a NUL byte in the first 8000 bytes as binary, and not one after", async () => {
    const request = { offset: 1, maxLines: 5, maxBytes: 100 };
    expect((await windowOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]), request)).binary).toBe(true);
    expect((await windowOf(`${"x".repeat(7000)}\0`, request, 64)).binary).toBe(true);
    expect((await windowOf(`${"x\n".repeat(5000)}\0`, request)).binary).toBe(false);
  });
});
