import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCassette } from "./cassette.js";
import { RECORDING } from "./demo.js";
import { startReplayServer } from "./replay-server.js";
import { chatSubstance, describeDifference, differences } from "./substance.js";

describe("the demo's recording", () => {
  it("is byte-for-byte the upstream file, as fixtures/SOURCE.md lists it (never reformatted)", () => {
    const name = basename(RECORDING.file);
    const fixtures = new URL("../../../../../fixtures/", import.meta.url);
    const sha = createHash("sha256").update(readFileSync(RECORDING.file)).digest("hex");
    const listed = readFileSync(new URL("SOURCE.md", fixtures), "utf8");
    expect(listed).toContain(`**\`${name}\`** (36.8 KB, sha256 \`${sha.slice(0, 16)}\`)`);
    expect(readFileSync(RECORDING.file)).toEqual(readFileSync(new URL(`chat-completions/${name}`, fixtures)));
  });

  it("is read as two recorded chat completions exchanges with their exact SSE bodies", async () => {
    const exchanges = await loadCassette(RECORDING.file);
    expect(exchanges.map((e) => [e.method, e.path, e.status])).toEqual([
      ["POST", "/api/coding/paas/v4/chat/completions", 200],
      ["POST", "/api/coding/paas/v4/chat/completions", 200],
    ]);
    expect(exchanges[0]?.contentType).toBe("text/event-stream;charset=UTF-8");
    expect(exchanges[0]?.body.startsWith('data: {"id":"20260313050448e162ecc8207a4c47"')).toBe(true);
    expect(exchanges[1]?.body.trimEnd().endsWith("data: [DONE]")).toBe(true);
    expect(chatSubstance(exchanges[1]?.request)).toMatchObject({
      model: "glm-4.7-flash",
      messages: [
        { role: "system" },
        { role: "user", content: "Add and multiply the number 2 and 3" },
        { role: "assistant", tool_calls: [{ name: "add", arguments: { a: 2, b: 3 } }, { name: "multiply" }] },
        { role: "tool", content: "5", tool_call_id: "call_4f8cb52342424eb9bbc1b20e" },
        { role: "tool", content: "6", tool_call_id: "call_0d06add371834452b339ffdb" },
      ],
    });
  });
});

describe("request substance", () => {
  it("ignores transport settings and argument formatting, and finds what changes the conversation", async () => {
    const [, second] = await loadCassette(RECORDING.file);
    const recorded = second!.request as { messages: Record<string, unknown>[] } & Record<string, unknown>;
    const sent = structuredClone(recorded);
    sent.stream_options = undefined;
    sent.max_tokens = 10;
    const call = (sent.messages[2]!.tool_calls as { function: { arguments: string } }[])[0]!;
    call.function.arguments = '{ "a": 2,  "b": 3 }';
    expect(differences(chatSubstance(recorded), chatSubstance(sent))).toEqual([]);

    sent.messages[4]!.content = "7";
    const found = differences(chatSubstance(recorded), chatSubstance(sent));
    expect(found.map(describeDifference)).toEqual(['messages[4].content: recorded "6", sent "7"']);
  });
});

describe("the replay server", () => {
  it("answers each request with the recorded body, byte for byte, and records the check", async () => {
    const exchanges = await loadCassette(RECORDING.file);
    const replay = await startReplayServer(exchanges, { substance: chatSubstance });
    try {
      const res = await fetch(`${replay.origin}${exchanges[0]!.path}`, {
        method: "POST",
        body: JSON.stringify(exchanges[0]!.request),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/event-stream;charset=UTF-8");
      expect(await res.text()).toBe(exchanges[0]!.body);
      expect(replay.checks).toEqual([{ turn: 1, differences: [] }]);
    } finally {
      await replay.close();
    }
  });

  it("answers a request that differs from the recording with a 400 naming the differences", async () => {
    const exchanges = await loadCassette(RECORDING.file);
    const replay = await startReplayServer(exchanges, { substance: chatSubstance, frameDelayMs: 1 });
    try {
      const body = structuredClone(exchanges[0]!.request) as { messages: { content: string }[] };
      body.messages[1]!.content = "Subtract 2 from 3";
      const res = await fetch(`${replay.origin}/v1/chat/completions`, {
        method: "POST",
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("replay_mismatch");
      expect(replay.checks[0]?.differences.map(describeDifference)).toEqual([
        '(endpoint): recorded "POST /api/coding/paas/v4/chat/completions", sent "POST /v1/chat/completions"',
        'messages[1].content: recorded "Add and multiply the number 2 and 3", sent "Subtract 2 from 3"',
      ]);
    } finally {
      await replay.close();
    }
  });

  it("streams frame by frame when asked to, and refuses requests beyond the recording", async () => {
    const exchanges = await loadCassette(RECORDING.file);
    const replay = await startReplayServer(exchanges.slice(0, 1), {
      substance: chatSubstance,
      frameDelayMs: 1,
    });
    try {
      const url = `${replay.origin}${exchanges[0]!.path}`;
      const first = await fetch(url, { method: "POST", body: JSON.stringify(exchanges[0]!.request) });
      expect(await first.text()).toBe(exchanges[0]!.body);
      const extra = await fetch(url, { method: "POST", body: "{}" });
      expect(extra.status).toBe(400);
      expect(((await extra.json()) as { error: { message: string } }).error.message).toBe(
        "The recording has 1 requests; this is request 2.",
      );
    } finally {
      await replay.close();
    }
  });
});
