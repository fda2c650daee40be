import { OpenloopError } from "@openloop/protocol";
import { describe, expect, it } from "vitest";
import { isRetryableStatus, retryDelay } from "./retry.js";
import { headerRecord } from "./retry-after.js";

describe("retry rules", () => {
  it.each([408, 409, 429, 500, 502, 503, 529])("retries %i", (status) => {
    expect(isRetryableStatus(status)).toBe(true);
  });

  it.each([400, 401, 403, 404, 422])("does not retry %i", (status) => {
    expect(isRetryableStatus(status)).toBe(false);
  });

  it("lets x-should-retry override the status rule", () => {
    expect(isRetryableStatus(400, headerRecord(new Headers({ "x-should-retry": "true" })))).toBe(true);
    expect(isRetryableStatus(503, headerRecord(new Headers({ "x-should-retry": "false" })))).toBe(false);
  });

  it("backs off exponentially from the base, capped at 8 s, with at most 25 % jitter taken off", () => {
    const policy = { initialMs: 500, maxMs: 8_000, maxRetryAfterMs: 60_000 };
    const error = new OpenloopError("model_connection_error", "x");
    for (let attempt = 0; attempt < 8; attempt++) {
      const full = Math.min(500 * 2 ** attempt, 8_000);
      const delay = retryDelay({ error }, attempt + 1, policy)!;
      expect(delay.fromServer).toBe(false);
      expect(delay.delayMs).toBeLessThanOrEqual(full);
      expect(delay.delayMs).toBeGreaterThanOrEqual(full * 0.75);
    }
  });

  it("waits what the server asked, unless it asks for longer than maxRetryAfterMs", () => {
    const policy = { initialMs: 500, maxMs: 8_000, maxRetryAfterMs: 60_000 };
    const error = new OpenloopError("model_http_error", "x");
    expect(retryDelay({ error, retryAfterMs: 1_500 }, 1, policy)).toEqual({
      delayMs: 1_500,
      fromServer: true,
    });
    expect(retryDelay({ error, retryAfterMs: 3_600_000 }, 1, policy)).toBeUndefined();
  });
});
