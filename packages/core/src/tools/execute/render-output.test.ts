import { describe, expect, it } from "vitest";
import { NO_OUTPUT, renderToolOutput } from "./render-output.js";

describe("renderToolOutput", () => {
  it("sends a string as is, even one that looks like JSON", () => {
    expect(renderToolOutput('{"a":1}')).toEqual({ ok: true, output: '{"a":1}' });
    expect(renderToolOutput("")).toEqual({ ok: true, output: "" });
  });

  it("marks a missing output so the model does not see an empty string", () => {
    expect(renderToolOutput(undefined)).toEqual({ ok: true, output: NO_OUTPUT });
  });

  it("sends every spec content part type as an array", () => {
    const parts = [
      { type: "input_text", text: "t" },
      { type: "input_image", image_url: "https://example.com/a.png", detail: "auto" },
      { type: "input_file", filename: "a.pdf", file_data: "data:application/pdf;base64,JVBERi0=" },
      { type: "input_file", file_url: "https://example.com/b.pdf" },
      { type: "input_video", video_url: "https://example.com/c.mp4" },
    ];
    expect(renderToolOutput(parts)).toEqual({ ok: true, output: parts });
  });

  it("sends other values as JSON text: null, numbers, booleans, objects, mixed arrays, dates", () => {
    expect(renderToolOutput(null)).toEqual({ ok: true, output: "null" });
    expect(renderToolOutput(0)).toEqual({ ok: true, output: "0" });
    expect(renderToolOutput(false)).toEqual({ ok: true, output: "false" });
    expect(renderToolOutput([{ type: "input_text", text: "a" }, 1])).toEqual({
      ok: true,
      output: '[{"type":"input_text","text":"a"},1]',
    });
    expect(renderToolOutput({ at: new Date("2026-01-01T00:00:00Z") })).toEqual({
      ok: true,
      output: '{"at":"2026-01-01T00:00:00.000Z"}',
    });
  });

  it.each([
    ["a text part without text", [{ type: "input_text" }], /input_text needs a string `text`/],
    [
      "a file part without data",
      [{ type: "input_file", filename: "x" }],
      /input_file needs `file_data` or `file_url`/,
    ],
    ["a video part without url", [{ type: "input_video" }], /input_video needs a `video_url`/],
    ["a bigint", { n: 1n }, /not JSON-serializable/],
    ["a function", () => 1, /returned a function, which JSON cannot represent/],
  ])("refuses %s with a reason", (_what, value, reason) => {
    const rendered = renderToolOutput(value);
    expect(rendered.ok).toBe(false);
    expect(rendered.ok === false && rendered.reason).toMatch(reason);
  });
});
