import { describe, expect, it } from "vitest";
import { HeadTailBuffer } from "./output-buffer.js";

function feed(text: string, maxBytes: number, chunk = 7) {
  const buffer = new HeadTailBuffer(maxBytes);
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += chunk) buffer.push(bytes.subarray(i, i + chunk));
  return buffer.read();
}

describe("HeadTailBuffer", () => {
  it("keeps an output that fits whole, whatever the chunking", () => {
    const text = "héllo\nwörld\n".repeat(4);
    for (const chunk of [1, 2, 5, 100]) {
      expect(feed(text, Buffer.byteLength(text), chunk)).toEqual({
        text,
        omittedBytes: 0,
        totalBytes: Buffer.byteLength(text),
      });
    }
  });

  it("keeps the start and the end of a long output, cut on line ends, with a note", () => {
    const text = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join("\n");
    const kept = feed(text, 200);
    const [head, tail] = kept.text.split(/\[… .* …\]\n/);
    expect(head!.startsWith("line 0\nline 1\n")).toBe(true);
    expect(head!.endsWith("\n")).toBe(true);
    expect(tail!.endsWith("line 998\nline 999")).toBe(true);
    expect(tail!.startsWith("line ")).toBe(true);
    expect(kept.totalBytes).toBe(text.length);
    expect(kept.omittedBytes).toBe(text.length - head!.length - tail!.length);
    expect(kept.text).toContain(`[… ${kept.omittedBytes} bytes of output omitted; ${text.length} in all.`);
    expect(text.includes(head!) && text.endsWith(tail!)).toBe(true);
  });

  it("keeps memory bounded for an endless output", () => {
    const buffer = new HeadTailBuffer(1000);
    const chunk = Buffer.alloc(10_000, "x");
    for (let i = 0; i < 1000; i++) buffer.push(chunk);
    const kept = buffer.read();
    expect(kept.totalBytes).toBe(10_000_000);
    expect(kept.text.length).toBeLessThan(1300);
  });
});
