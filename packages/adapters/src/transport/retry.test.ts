import { describe, expect, it } from "vitest";
import { backoffMs, isRetryableStatus, shouldRetry, sleep } from "./retry.js";

describe("retry rules", () => {
  it.each([408, 409, 429, 500, 502, 503, 529])("retries %i", (status) => {
    expect(isRetryableStatus(status)).toBe(true);
  });

  it.each([400, 401, 403, 404, 422])("does not retry %i", (status) => {
    expect(isRetryableStatus(status)).toBe(false);
  });

  it("lets x-should-retry override the status rule", () => {
    expect(shouldRetry(400, new Headers({ "x-should-retry": "true" }))).toBe(true);
    expect(shouldRetry(503, new Headers({ "x-should-retry": "false" }))).toBe(false);
  });

  it("backs off exponentially from the base, capped at 8 s, with at most 25 % jitter taken off", () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const full = Math.min(500 * 2 ** attempt, 8_000);
      const delay = backoffMs(attempt, 500, 8_000);
      expect(delay).toBeLessThanOrEqual(full);
      expect(delay).toBeGreaterThanOrEqual(full * 0.75);
    }
  });

  it("stops sleeping with the signal's reason when aborted", async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
  });
});
