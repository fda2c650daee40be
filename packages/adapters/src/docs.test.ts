/**
 * Every `ts` block of docs/providers.md runs as a module importing the published names (pointed at
 * this workspace's sources). Blocks that talk to a backend reach a scripted local server through
 * the environment variables the docs read (`CHAT_BASE_URL`, `ANTHROPIC_BASE_URL`); the rest build
 * models and print their names. Blocks check their own claims with `node:assert`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { anthropicEvents, chatChunks, type FakeServer, startFakeServer } from "../test/fake-server.js";

const docs = readFileSync(new URL("../../../docs/providers.md", import.meta.url), "utf8");
const entries: Record<string, string> = {
  "@openloop/adapters": fileURLToPath(new URL("./index.ts", import.meta.url)),
  "@openloop/core": fileURLToPath(new URL("../../core/src/index.ts", import.meta.url)),
  "@openloop/protocol": fileURLToPath(new URL("../../protocol/src/index.ts", import.meta.url)),
};

const blocks = [...docs.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m, i) => {
  const heading = [...docs.slice(0, m.index).matchAll(/^#{2,3} (.+)$/gm)].pop()?.[1] ?? "intro";
  return { name: `${i + 1}: ${heading}`, code: m[1]! };
});

const KEYS = ["OPENAI_API_KEY", "HF_TOKEN", "OPENROUTER_API_KEY"];
const dir = mkdtempSync(join(tmpdir(), "openloop-providers-docs-"));
let server: FakeServer;

beforeAll(async () => {
  server = await startFakeServer((_n, request) =>
    request.path.endsWith("/messages")
      ? {
          frames: anthropicEvents({
            thinking: { text: "Check divisors up to 88.", signature: "sig-7919" },
            text: "Yes.",
          }),
          eventLines: true,
          done: false,
        }
      : { frames: chatChunks({ text: "Hello!" }) },
  );
  process.env.CHAT_BASE_URL = `${server.url}/v1`;
  process.env.ANTHROPIC_BASE_URL = `${server.url}/v1`;
  // The core presets in the snippets refuse to build without their keys; nothing is sent with these.
  for (const name of KEYS) process.env[name] ??= "docs-test-key";
});

afterAll(async () => {
  await server.close();
  delete process.env.CHAT_BASE_URL;
  delete process.env.ANTHROPIC_BASE_URL;
  for (const name of KEYS) if (process.env[name] === "docs-test-key") delete process.env[name];
  rmSync(dir, { recursive: true, force: true });
});

async function runBlock(name: string, code: string): Promise<unknown[][]> {
  let source = code;
  for (const [specifier, path] of Object.entries(entries))
    source = source.replaceAll(`"${specifier}"`, JSON.stringify(path));
  const file = join(dir, `${name.split(":")[0]}.ts`);
  writeFileSync(file, source);
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
  try {
    await import(pathToFileURL(file).href);
    return log.mock.calls;
  } finally {
    log.mockRestore();
  }
}

describe("docs/providers.md", () => {
  it("has a snippet per provider", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(14);
  });

  it.each(blocks)("snippet $name runs", async ({ name, code }) => {
    const logs = await runBlock(name, code);
    expect(logs.length).toBeGreaterThan(0);
  });

  it("the quick start prints the model's answer", async () => {
    expect(await runBlock("quick", blocks[0]!.code)).toEqual([["Hello!"]]);
  });

  it("the thinking replay snippet sends the signed thinking block back on turn 2", async () => {
    const replay = blocks.find((b) => b.code.includes("as the loop replays it"))!;
    const before = server.requests.length;
    await runBlock("replay", replay.code);
    const turnTwo = server.requests.slice(before)[1]!.body as {
      messages: { role: string; content: unknown[] }[];
    };
    expect(turnTwo.messages[1]).toEqual({
      role: "assistant",
      content: [
        { type: "thinking", thinking: "Check divisors up to 88.", signature: "sig-7919" },
        { type: "text", text: "Yes." },
      ],
    });
  });
});
