/**
 * Runs the example as a user would (a new Node process, its model from environment variables,
 * the approval typed on stdin) against `startMockServer` on 127.0.0.1. One server plays both
 * agents: their requests arrive one after the other.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { functionCall, startMockServer, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";

const main = fileURLToPath(new URL("./index.ts", import.meta.url));
const root = fileURLToPath(new URL("../../", import.meta.url));

function start(
  url: string,
  answer: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ["--conditions=source", "--import", "tsx", main, "Fly Ada from Paris to Lisbon"],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? "", OPENLOOP_BASE_URL: url, OPENLOOP_MODEL: "test-model" },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(`${answer}\n`);
  });
}

const script = (afterBooking: string, summary: string) => [
  // orchestrator, turn 1: delegate
  [functionCall("flights", { input: "Book the cheapest Paris to Lisbon flight for Ada" })],
  // flights, turn 1: search; turn 2: book (needs approval)
  [functionCall("search_flights", { from: "PAR", to: "LIS" })],
  [functionCall("book_flight", { flight: "OL205", passenger: "Ada" })],
  // flights, turn 3 (after the decision); orchestrator, turn 2
  [text(afterBooking)],
  [text(summary)],
];

describe("examples/orchestrator", () => {
  it("delegates to the specialist, asks for approval, and resumes the specialist's run", async () => {
    const server = await startMockServer(
      script("Booked OL205 (17:45, 64 EUR).", "Ada flies OL205 to Lisbon at 17:45, 64 EUR."),
    );
    try {
      const { code, stdout, stderr } = await start(server.url, "y");
      expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
      expect(stdout).toContain('→ flights({"input":"Book the cheapest Paris to Lisbon flight for Ada"})');
      expect(stdout).toContain('[flights] → search_flights({"from":"PAR","to":"LIS"})');
      expect(stdout).toContain('[flights] ← [{"flight":"OL101"');
      expect(stdout).toContain('{"flight":"OL205","from":"PAR","to":"LIS","departs":"17:45","priceEur":64}]');
      expect(stdout).toContain('Approve flights → book_flight({"flight":"OL205","passenger":"Ada"})? [y/N]');
      expect(stdout).toContain("[flights] ← Booked OL205 for Ada, confirmation OL205-7Q2.");
      expect(stdout).toContain("← Booked OL205 (17:45, 64 EUR).");
      expect(stdout.trimEnd().endsWith("Ada flies OL205 to Lisbon at 17:45, 64 EUR.")).toBe(true);
      expect(server.requests).toHaveLength(5);
    } finally {
      await server.close();
    }
  });

  it("passes a refusal to the specialist, which tells the orchestrator", async () => {
    const server = await startMockServer(script("The user declined the booking.", "Nothing was booked."));
    try {
      const { code, stdout, stderr } = await start(server.url, "n");
      expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
      expect(stdout).toContain("[flights] ✗ book_flight: The user declined this booking.");
      expect(stdout).not.toContain("confirmation");
      const specialistLast = server.requests[3]?.body?.input?.at(-1);
      expect(specialistLast).toMatchObject({
        type: "function_call_output",
        output: "The user declined this booking.",
      });
      expect(stdout.trimEnd().endsWith("Nothing was booked.")).toBe(true);
    } finally {
      await server.close();
    }
  });
});
