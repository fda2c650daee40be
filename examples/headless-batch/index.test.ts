/**
 * Runs the batch as a user would (a new Node process, its model from environment variables) against
 * `startMockServer`. The scripted model answers from what each request says, since with several
 * runs at once the requests arrive in any order.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { CreateResponseBody } from "@openloop/protocol";
import { functionCall, httpError, type ScriptTurn, startMockServer, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const main = fileURLToPath(new URL("./index.ts", import.meta.url));
const root = fileURLToPath(new URL("../../", import.meta.url));

/** Reads the question; first asks for a conversion, then answers with the tool's output. */
const converter: ScriptTurn = (request: CreateResponseBody) => {
  const input = request.input as { type?: string; role?: string; content?: string; output?: string }[];
  const output = input.find((item) => item.type === "function_call_output")?.output;
  if (output !== undefined) return [text(`That is ${output}.`)];
  const question = String(input.find((item) => item.role === "user")?.content);
  const value = Number(/-?\d+(\.\d+)?/.exec(question)?.[0]);
  const [from, to] = question.includes("in kilograms")
    ? ["lb", "kg"]
    : question.includes("in pounds")
      ? ["kg", "lb"]
      : question.includes("miles is")
        ? ["km", "mi"]
        : question.includes("kilometres")
          ? ["mi", "km"]
          : question.includes("°F in")
            ? ["F", "C"]
            : ["C", "F"];
  return [functionCall("convert", { value, from, to })];
};

function start(url: string, args: string[]) {
  return exec(process.execPath, ["--conditions=source", "--import", "tsx", main, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", OPENLOOP_BASE_URL: url, OPENLOOP_MODEL: "test-model" },
  });
}

describe("examples/headless-batch", () => {
  it("runs every task through the queue (--concurrency 2): one JSON result per task, progress on stderr", async () => {
    const server = await startMockServer(Array.from({ length: 12 }, () => converter));
    try {
      const { stdout, stderr } = await start(server.url, ["--concurrency", "2"]);
      const results = stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { index: number; answer: string; status: string });
      expect(results.map((r) => r.index).sort()).toEqual([0, 1, 2, 3, 4, 5]);
      const answers = Object.fromEntries(results.map((r) => [r.index, r.answer]));
      expect(answers).toEqual({
        0: "That is 26.22 mi.",
        1: "That is 81.65 kg.",
        2: "That is 86.00 °F.",
        3: "That is 42.16 km.",
        4: "That is 11.02 lb.",
        5: "That is -40.00 °C.",
      });
      // Off a terminal the progress bar prints one line per finished task.
      expect(stderr.match(/^\[\d\/6\] ok {3}/gm)).toHaveLength(6);
      expect(stderr).toContain("6 of 6 tasks done.");
      expect(server.requests).toHaveLength(12);
    } finally {
      await server.close();
    }
  });

  it("never has more runs in flight than --concurrency allows, and does run that many at once", async () => {
    // Each request is held until a third one is in flight (so with no limit, the six runs that
    // start together pass the gate at once) or until a fallback delay passes (with the limit of 2,
    // a third never comes). `most` is how many requests were ever held together.
    let held = 0;
    let most = 0;
    const waiters: (() => void)[] = [];
    const gated: ScriptTurn = async (request: CreateResponseBody) => {
      most = Math.max(most, ++held);
      if (held >= 3) for (const release of waiters.splice(0)) release();
      else
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 500);
        });
      held--;
      return converter(request, 0);
    };
    const server = await startMockServer(Array.from({ length: 12 }, () => gated));
    try {
      const { stdout } = await start(server.url, ["--concurrency", "2"]);
      expect(stdout.trim().split("\n")).toHaveLength(6);
      expect(most).toBe(2);
    } finally {
      await server.close();
    }
  });

  it("finishes the other tasks when one fails, reports it, and exits 1", async () => {
    const server = await startMockServer([httpError(400), ...Array.from({ length: 10 }, () => converter)]);
    try {
      const error = (await start(server.url, ["--concurrency", "1"]).catch((e: unknown) => e)) as {
        code: number;
        stdout: string;
        stderr: string;
      };
      expect(error.code).toBe(1);
      const results = error.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { status: string; code?: string });
      expect(results).toHaveLength(6);
      expect(results.filter((r) => r.status === "failed")).toEqual([
        expect.objectContaining({ code: "model_http_error" }),
      ]);
      expect(error.stderr).toContain("5 of 6 tasks done, 1 failed.");
    } finally {
      await server.close();
    }
  });
});
