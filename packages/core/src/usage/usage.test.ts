import { describe, expect, it } from "vitest";
import { addUsage, emptyUsage, sumUsage, usageOf } from "./usage.js";

describe("usage", () => {
  it("reads a server's usage, filling missing details and totals with zeros", () => {
    expect(usageOf(null)).toEqual(emptyUsage());
    expect(usageOf({ input_tokens: 10, output_tokens: 5 })).toEqual({
      input_tokens: 10,
      output_tokens: 5,
      total_tokens: 15,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens_details: { reasoning_tokens: 0 },
    });
    expect(
      usageOf({
        input_tokens: 3,
        output_tokens: 4,
        total_tokens: 9,
        input_tokens_details: { cached_tokens: 2 },
        output_tokens_details: { reasoning_tokens: 1 },
      }).total_tokens,
    ).toBe(9);
  });

  it("sums turns, details included, without touching the inputs", () => {
    const a = usageOf({
      input_tokens: 10,
      output_tokens: 2,
      total_tokens: 12,
      input_tokens_details: { cached_tokens: 4 },
      output_tokens_details: { reasoning_tokens: 1 },
    });
    const b = usageOf({ input_tokens: 20, output_tokens: 3, output_tokens_details: { reasoning_tokens: 2 } });
    const total = sumUsage([a, b]);
    expect(total).toEqual({
      input_tokens: 30,
      output_tokens: 5,
      total_tokens: 35,
      input_tokens_details: { cached_tokens: 4 },
      output_tokens_details: { reasoning_tokens: 3 },
    });
    expect(a.input_tokens).toBe(10);
    expect(addUsage(emptyUsage(), b)).toEqual(b);
  });

  it("ignores nonsense numbers rather than poisoning the sum", () => {
    expect(usageOf({ input_tokens: Number.NaN, output_tokens: -3, total_tokens: "7" }).total_tokens).toBe(0);
  });
});
