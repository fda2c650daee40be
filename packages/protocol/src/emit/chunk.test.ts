import { describe, expect, test } from "vitest";
import { chunkText } from "./chunk.js";

describe("chunkText", () => {
  test("splits by code units without breaking surrogate pairs; one piece for empty or unbounded", () => {
    expect(chunkText("abcdefg", 3)).toEqual(["abc", "def", "g"]);
    expect(chunkText("a😀b", 2)).toEqual(["a😀", "b"]);
    expect(chunkText("😀😀", 1)).toEqual(["😀", "😀"]);
    expect(chunkText("", 3)).toEqual([""]);
    expect(chunkText("abc", Number.POSITIVE_INFINITY)).toEqual(["abc"]);
    expect(chunkText("abc", 0)).toEqual(["abc"]);
  });
});
