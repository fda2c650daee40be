import { describe, expect, it } from "vitest";
import { findLoop, fingerprint, type LoopTrack, recordCalls } from "./loop-detection.js";

const call = (name: string, args: string) => ({ name, arguments: args });

describe("loop detection", () => {
  it("treats argument key order and whitespace as the same call", () => {
    expect(fingerprint("f", '{"a":1,"b":[{"y":2,"x":1}]}')).toBe(
      fingerprint("f", '{ "b": [{"x":1,"y":2}], "a": 1 }'),
    );
    expect(fingerprint("f", "")).toBe(fingerprint("f", "{}"));
    expect(fingerprint("f", '{"a":1}')).not.toBe(fingerprint("g", '{"a":1}'));
    expect(fingerprint("f", "not json")).toBe(fingerprint("f", "not json"));
  });

  it("finds the call that completes a streak, across turns, without recording it", () => {
    const track: LoopTrack = { last: null, streak: 0 };
    recordCalls(track, [call("search", '{"q":"x"}'), call("search", '{"q":"x"}')]);
    expect(track.streak).toBe(2);
    const loop = findLoop(track, [call("search", '{ "q": "x" }')], 3);
    expect(loop).toEqual({ name: "search", arguments: '{ "q": "x" }', count: 3 });
    expect(track.streak).toBe(2);
  });

  it("a different call in between breaks the streak", () => {
    const track: LoopTrack = { last: null, streak: 0 };
    recordCalls(track, [call("a", "{}"), call("a", "{}"), call("b", "{}")]);
    expect(findLoop(track, [call("a", "{}"), call("a", "{}")], 3)).toBeUndefined();
    expect(findLoop(track, [call("b", "{}"), call("b", "{}")], 3)).toMatchObject({ name: "b", count: 3 });
  });

  it("detects identical parallel calls within one response", () => {
    const track: LoopTrack = { last: null, streak: 0 };
    expect(findLoop(track, [call("a", "{}"), call("a", "{}"), call("a", "{}")], 3)?.count).toBe(3);
    expect(findLoop(track, [call("a", "{}"), call("a", "{}")], 3)).toBeUndefined();
  });
});
