import { describe, expect, it } from "vitest";
import { CrashBreaker } from "./crash-breaker.js";

describe("CrashBreaker", () => {
  it("doubles the delay with each consecutive start-up failure, up to 5 s", () => {
    const b = new CrashBreaker(100, 1000);
    expect(b.nextDelayMs()).toBe(0);
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      b.recordFailure("boom");
      delays.push(b.nextDelayMs());
    }
    expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000]);
  });

  it("opens after maxFailures and closes again after the cooldown", () => {
    let now = 0;
    const b = new CrashBreaker(3, 1000, () => now);
    b.recordFailure("a");
    b.recordFailure("b");
    expect(b.isOpen).toBe(false);
    b.recordFailure("c");
    expect(b.isOpen).toBe(true);
    expect(b.lastError).toBe("c");
    now = 999;
    expect(b.isOpen).toBe(true);
    now = 1000;
    expect(b.isOpen).toBe(false);
    expect(b.nextDelayMs()).toBe(0); // the cooldown was the wait: try again at once
    b.recordFailure("d"); // the half-open attempt failed: open again
    expect(b.isOpen).toBe(true);
  });

  it("resets on a success", () => {
    const b = new CrashBreaker(2, 1000);
    b.recordFailure("a");
    b.recordSuccess();
    b.recordFailure("b");
    expect(b.isOpen).toBe(false);
    expect(b.consecutiveFailures).toBe(1);
  });
});
