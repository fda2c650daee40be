import { describe, expect, it } from "vitest";
import { FakeTTY, screenOf } from "../../test/support/terminal.js";
import { LiveScreen, PlainScreen } from "./screen.js";

/** A live screen whose timer never fires during the test. */
function live(columns: number, status = "turn 1 · 0 tokens") {
  const out = new FakeTTY(columns);
  const screen = new LiveScreen(out, () => status, 60_000);
  return { out, screen };
}

describe("LiveScreen", () => {
  it("keeps the status line on the row below streamed text, and the text intact", () => {
    const { out, screen } = live(40);
    for (const delta of ["Hello", ", wor", "ld.", " Second", " sentence."]) screen.write(delta);
    const rows = screenOf(out.text, 40);
    expect(rows[0]).toBe("Hello, world. Second sentence.");
    expect(rows[1]).toMatch(/turn 1 · 0 tokens$/);
    expect(rows).toHaveLength(2);
  });

  it("follows text across newlines and leaves only the text once closed", () => {
    const { out, screen } = live(40);
    screen.write("line one\nline ");
    screen.write("two\n");
    screen.write("→ tool(args)\n");
    screen.refresh();
    screen.write("after");
    screen.close();
    // The status row is blank again; the cursor is back after "after".
    expect(screenOf(out.text, 40)).toEqual(["line one", "line two", "→ tool(args)", "after", ""]);
  });

  it("continues text that wraps past the last column, including a row filled exactly", () => {
    const { out, screen } = live(20);
    screen.write("a".repeat(20)); // fills the row: the terminal wraps only when the next character comes
    screen.write("b".repeat(25));
    screen.write(" end");
    const rows = screenOf(out.text, 20);
    expect(rows.slice(0, 3)).toEqual(["a".repeat(20), "b".repeat(20), `${"b".repeat(5)} end`]);
    expect(rows[3]).toMatch(/turn 1/);
    screen.close();
    expect(screenOf(out.text, 20)).toEqual(["a".repeat(20), "b".repeat(20), `${"b".repeat(5)} end`, ""]);
  });

  it("counts wide characters as two columns", () => {
    const { out, screen } = live(20);
    screen.write("日本語のテキスト");
    screen.write("!");
    expect(screenOf(out.text, 20)[0]?.replaceAll("\u0000", "")).toContain("日本語のテキスト");
    expect(out.text).toContain("\u001b[17G"); // 8 wide characters take 16 columns: "!" goes in column 17
  });

  it("cuts a status line longer than the terminal", () => {
    const { out, screen } = live(20, "x".repeat(100));
    screen.write("hi");
    expect(screenOf(out.text, 20)[1]?.length).toBeLessThan(20);
  });
});

describe("PlainScreen", () => {
  it("writes text exactly as given and tracks line starts", () => {
    const out = new FakeTTY();
    const screen = new PlainScreen(out);
    expect(screen.atLineStart).toBe(true);
    screen.write("abc");
    expect(screen.atLineStart).toBe(false);
    screen.write("\n");
    expect(screen.atLineStart).toBe(true);
    expect(out.text).toBe("abc\n");
  });
});

describe("LiveScreen after close", () => {
  it("comes back with its status line when written to again (after a prompt used the terminal)", () => {
    const out = new FakeTTY(40);
    const screen = new LiveScreen(out, () => "turn 2", 60_000);
    screen.write("before\n");
    screen.close();
    expect(screenOf(out.text, 40).filter((row) => row !== "")).toEqual(["before"]);
    screen.write("after");
    expect(screenOf(out.text, 40)).toEqual(["before", "after", expect.stringMatching(/turn 2$/)]);
    screen.close();
  });
});
