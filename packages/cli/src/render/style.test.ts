import { describe, expect, it } from "vitest";
import { FakeTTY } from "../../test/support/terminal.js";
import { sanitize, terminalCaps } from "./style.js";

const tty = new FakeTTY();
const pipe = Object.assign(new FakeTTY(), { isTTY: false });

describe("terminalCaps", () => {
  it.each([
    ["a terminal", tty, {}, { colors: true, live: true }],
    ["a pipe", pipe, {}, { colors: false, live: false }],
    ["a terminal with NO_COLOR", tty, { NO_COLOR: "1" }, { colors: false, live: false }],
    [
      "a terminal with an empty NO_COLOR (unset, per no-color.org)",
      tty,
      { NO_COLOR: "" },
      { colors: true, live: true },
    ],
    ["a terminal with TERM=dumb", tty, { TERM: "dumb" }, { colors: false, live: false }],
    [
      "a pipe with FORCE_COLOR=1: colours, but no cursor movement",
      pipe,
      { FORCE_COLOR: "1" },
      { colors: true, live: false },
    ],
    ["a terminal with FORCE_COLOR=0", tty, { FORCE_COLOR: "0" }, { colors: false, live: false }],
  ])("%s", (_name, stream, env, caps) => {
    expect(terminalCaps(stream, env)).toEqual(caps);
  });
});

describe("sanitize", () => {
  it("removes control characters (escape sequences become inert) and keeps newlines, tabs and unicode", () => {
    expect(sanitize("a\u001b[2J\u001b]0;pwned\u0007b\r\n\tç日本\u009b")).toBe("a[2J]0;pwnedb\n\tç日本");
    // Again and again: no state carried between calls.
    for (let i = 0; i < 3; i++) expect(sanitize("x\u001b[31my")).toBe("x[31my");
  });
});
