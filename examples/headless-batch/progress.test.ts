import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Progress } from "./progress.js";

/** A stream that records what is written, a terminal or not. */
function stream(isTTY: boolean) {
  const writes: string[] = [];
  const out = { isTTY, write: (text: string) => writes.push(text) > 0 };
  return { out: out as unknown as NodeJS.WriteStream, writes };
}

describe("Progress", () => {
  // NO_COLOR turns the live bar off: keep the caller's setting out of these tests.
  const noColor = process.env.NO_COLOR;
  beforeEach(() => {
    delete process.env.NO_COLOR;
  });
  afterEach(() => {
    if (noColor !== undefined) process.env.NO_COLOR = noColor;
  });

  it("on a terminal, redraws one bar in place with the count and the failures", () => {
    const { out, writes } = stream(true);
    const progress = new Progress(4, out);
    progress.tick("a", true);
    progress.tick("b", false);
    progress.end();
    expect(writes).toEqual([
      `\r\u001b[2K[${".".repeat(30)}] 0/4`,
      `\r\u001b[2K[${"#".repeat(8)}${".".repeat(22)}] 1/4`,
      `\r\u001b[2K[${"#".repeat(15)}${".".repeat(15)}] 2/4 · 1 failed`,
      "\n",
    ]);
  });

  it("off a terminal, writes one plain line per finished task", () => {
    const { out, writes } = stream(false);
    const progress = new Progress(2, out);
    progress.tick("first task", true);
    progress.tick("second task", false);
    progress.end();
    expect(writes).toEqual(["[1/2] ok   first task\n", "[2/2] FAIL second task\n"]);
  });
});
