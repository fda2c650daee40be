import { describe, expect, test } from "vitest";
import { ItemParam } from "./item-params.js";
import { normalizeInput } from "./normalize.js";

describe("normalizeInput", () => {
  test("the { role, content } shorthand becomes a message ItemParam, every role", () => {
    const input = [
      { role: "system", content: "Be brief." },
      { role: "developer", content: [{ type: "input_text", text: "Use tools." }] },
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello!" },
    ];
    const out = normalizeInput(input);
    for (const item of out) {
      expect(item).toMatchObject({ type: "message" });
      expect(ItemParam.safeParse(item).success).toBe(true);
    }
    // The shorthand alone is not an ItemParam: this is why the normalizer exists.
    expect(ItemParam.safeParse(input[2]).success).toBe(false);
  });

  test("leaves items with a type, strings and non-arrays as they are, copying nothing when nothing changes", () => {
    const typed = [{ type: "function_call_output", call_id: "c", output: "1" }, { id: "msg_1" }];
    expect(normalizeInput(typed)).toBe(typed);
    expect(normalizeInput("Hi")).toBe("Hi");
    expect(normalizeInput(undefined)).toBeUndefined();
  });

  test("does not mutate the input it is given", () => {
    const input = [{ role: "user", content: "Hi" }];
    const out = normalizeInput(input);
    expect(out).not.toBe(input);
    expect(input[0]).toEqual({ role: "user", content: "Hi" });
  });

  test("junk stays junk: validation reports it", () => {
    const input = [null, 3, { role: 5, content: "x" }, { role: "user" }];
    expect(normalizeInput(input)).toBe(input);
  });
});
