import { describe, expect, test, vi } from "vitest";

// Count the random draws (the real ones: ids stay random).
const draws = vi.hoisted(() => ({ count: 0 }));
vi.mock("node:crypto", async (importOriginal) => {
  const crypto = await importOriginal<typeof import("node:crypto")>();
  return {
    ...crypto,
    randomBytes: (size: number) => {
      draws.count++;
      return crypto.randomBytes(size);
    },
  };
});

const { IdSource } = await import("./ids.js");
const { responseEvents } = await import("./response-events.js");

describe("IdSource", () => {
  test("draws its random base once, on first use: never for a replayed response whose ids are all given", () => {
    draws.count = 0;
    const events = [
      ...responseEvents({
        id: "resp_given",
        status: "completed",
        output: [
          {
            type: "function_call",
            id: "fc_given",
            call_id: "c",
            name: "f",
            arguments: "{}",
            status: "completed",
          },
        ],
      }),
    ];
    expect(events.at(-1)).toMatchObject({ type: "response.completed", response: { id: "resp_given" } });
    // A non-streamed answer is replayed like this once per turn: a synchronous draw each time cost ~2% of it.
    expect(draws.count).toBe(0);

    const ids = new IdSource();
    expect(draws.count).toBe(0);
    const base = ids.response().slice("resp_".length);
    expect(base).toMatch(/^[0-9a-f]{24}$/);
    expect([ids.item("msg"), ids.item("fc")]).toEqual([`msg_${base}0`, `fc_${base}1`]);
    expect(draws.count).toBe(1);
  });
});
