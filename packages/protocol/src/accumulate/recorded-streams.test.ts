/**
 * For every recorded Responses / Open Responses stream (each response of a file holding several
 * back to back), the output the accumulator builds from the events equals the terminal event's
 * `response.output`.
 */
import { recordedStreams, splitResponses } from "@openloop/protocol/fixtures";
import { describe, expect, test } from "vitest";
import type { StreamEvent } from "../schemas/events.js";
import { RESPONSE_REQUIRED_KEYS } from "../schemas/response.js";
import { decodeSSE } from "../sse/decode.js";
import { accumulate } from "./accumulate.js";
import { ResponseAccumulator } from "./accumulator.js";

type Terminal = { type: string; response: { output: Record<string, unknown>[] } & Record<string, unknown> };

const TERMINAL = new Set(["response.completed", "response.failed", "response.incomplete"]);

async function decode(sse: string): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const event of decodeSSE([sse])) out.push(event);
  return out;
}

/** What deltas build: the text of every part, the arguments and code of calls. */
function streamedContent(items: readonly Record<string, unknown>[]): unknown[] {
  return items.map((item) => ({
    type: item.type,
    arguments: item.type === "function_call" ? item.arguments : undefined,
    code: item.type === "code_interpreter_call" ? item.code : undefined,
    content: Array.isArray(item.content)
      ? (item.content as Record<string, unknown>[]).map((p) => p.text ?? p.refusal)
      : undefined,
    summary: Array.isArray(item.summary)
      ? (item.summary as Record<string, unknown>[]).map((p) => p.text)
      : undefined,
  }));
}

/**
 * OpenAI encrypts opaque blobs afresh for each event that carries them: a reasoning item's
 * `encrypted_content` (or a `program` item's `fingerprint`) in `output_item.done` and in
 * `response.completed` are different Fernet tokens (`gAAAAA…`) of the same item. Compare
 * everything else; the terminal response's copy is the one the accumulator keeps.
 */
function withoutCiphertext(value: unknown): unknown {
  if (typeof value === "string") return value.startsWith("gAAAAA") ? "<ciphertext>" : value;
  if (Array.isArray(value)) return value.map(withoutCiphertext);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutCiphertext(v)]));
}

const streams = [...recordedStreams("responses"), ...recordedStreams("open-responses")];
const cases = await Promise.all(
  streams.map(async (stream) => ({ name: stream.name, responses: splitResponses(await decode(stream.sse)) })),
);

describe("accumulating recorded streams", () => {
  test("files holding several responses are split into each one", () => {
    const count = (suffix: string) => cases.find((c) => c.name.endsWith(suffix))!.responses.length;
    expect(count("openai-shell-tool.1.chunks.txt")).toBe(2);
    expect(count("azure-reasoning-encrypted-content.1.chunks.txt")).toBe(4);
  });

  for (const { name, responses } of cases) {
    responses.forEach((events, n) => {
      const terminal = events.find((e) => TERMINAL.has(e.type)) as Terminal | undefined;
      if (terminal === undefined) return;
      const label = `${name} response ${n + 1}/${responses.length}`;

      test(`${label}: the output built from the events equals the terminal response's output`, () => {
        const acc = new ResponseAccumulator();
        for (const event of events) acc.push(event);
        expect(withoutCiphertext(acc.output)).toEqual(withoutCiphertext(terminal.response.output));
        expect(acc.done).toBe(true);
        expect(acc.status).toBe(terminal.response.status);
      });

      test(`${label}: deltas alone (no output_item.done, empty terminal output) rebuild the same text`, async () => {
        const withoutDone = events
          .filter((e) => e.type !== "response.output_item.done")
          .map((e) => (e === terminal ? { ...terminal, response: { ...terminal.response, output: [] } } : e));
        const response = await accumulate(withoutDone as StreamEvent[]);
        expect(streamedContent(response.output as Record<string, unknown>[])).toEqual(
          streamedContent(terminal.response.output),
        );
      });

      test(`${label}: the snapshot is the terminal response, every required field present`, async () => {
        const response = await accumulate(events);
        expect(response.output).toBe(terminal.response.output);
        // Every value the server gave is kept (a null where the spec forbids one takes the default)...
        for (const [key, value] of Object.entries(terminal.response))
          if (value !== null) expect(response[key], key).toEqual(value);
        // ...and every one of the 31 required fields is present.
        for (const key of RESPONSE_REQUIRED_KEYS) expect(response[key], key).not.toBeUndefined();
      });
    });
  }
});
