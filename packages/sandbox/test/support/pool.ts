import { expect } from "vitest";
import type { Sandbox } from "../../src/index.js";

/** The pool still answers: every adversarial case ends with this. */
export async function expectPoolAnswers(sandbox: Sandbox): Promise<void> {
  const r = await sandbox.run("1 + 1");
  expect(r.status).toBe("ok");
  expect(r.result?.json).toBe("2");
}
