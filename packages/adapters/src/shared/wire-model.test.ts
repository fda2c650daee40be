/**
 * What every adapter does at construction and on the wire, whatever its wire: options checked once
 * (a bad one throws `invalid_config` naming it, never a TypeError or a backend 400 mid-run), and
 * the user's headers replacing the adapter's own whatever their case.
 */
import { OpenloopError, type StreamEvent } from "@openloop/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { anthropicEvents, chatChunks, type FakeServer, startFakeServer } from "../../test/fake-server.js";
import { anthropicMessages } from "../anthropic-messages/model.js";
import { chatCompletions } from "../chat-completions/model.js";
import { createModel } from "../registry.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function drain(stream: AsyncIterable<StreamEvent>): Promise<void> {
  for await (const _event of stream);
}

const base = { baseURL: "http://127.0.0.1:1/v1", model: "m" };

describe("adapter options", () => {
  it.each([
    ["chat-completions", { baseURL: "localhost:8080/v1" }, "baseURL"],
    ["chat-completions", { baseURL: "ftp://host/v1" }, "baseURL"],
    ["chat-completions", { model: " " }, "model"],
    ["chat-completions", { apiKey: 42 }, "apiKey"],
    ["chat-completions", { headers: { "x-trace": 1 } }, "headers.x-trace"],
    ["chat-completions", { stream: "no" }, "stream"],
    ["chat-completions", { maxTokensField: "max" }, "maxTokensField"],
    ["chat-completions", { replayReasoning: "some" }, "replayReasoning"],
    ["chat-completions", { includeUsage: "yes" }, "includeUsage"],
    ["chat-completions", { extraBody: "reasoning=high" }, "extraBody"],
    ["anthropic-messages", { maxTokens: 0 }, "maxTokens"],
    ["anthropic-messages", { maxTokens: "4096" }, "maxTokens"],
    ["anthropic-messages", { betas: "a,b" }, "betas"],
    ["anthropic-messages", { authHeader: "basic" }, "authHeader"],
    ["anthropic-messages", { thinking: { type: "enabled" } }, "thinking.budget_tokens"],
    ["anthropic-messages", { thinking: { type: "on" } }, "thinking"],
    ["anthropic-messages", { thinkingBudgets: { high: 1.5 } }, "thinkingBudgets.high"],
    ["anthropic-messages", { thinkingBudgets: { minimal: 100 } }, "thinkingBudgets.minimal"],
  ] as const)("%s refuses %j with invalid_config naming `%s`", (wire, bad, param) => {
    const build = () => createModel({ wire, ...base, ...bad } as never);
    expect(build).toThrow(OpenloopError);
    expect(build).toThrow(expect.objectContaining({ code: "invalid_config", param }));
  });

  it("names the factory and the bad value in one message template", () => {
    expect(() => anthropicMessages({ ...base, maxTokens: 0 })).toThrow(
      "anthropicMessages(): Expected `maxTokens` to be a whole number from 1 and up, got `0` (number)",
    );
    expect(() => chatCompletions(undefined as never)).toThrow(
      "chatCompletions(): Expected an options object, got `undefined` (undefined)",
    );
  });

  it.each([
    ["chat-completions", "maxTokenField", "maxTokensField"],
    ["chat-completions", "extra_body", "extraBody"],
    ["chat-completions", "maxRetires", "maxRetries"],
    ["anthropic-messages", "max_tokens", "maxTokens"],
    ["anthropic-messages", "api_key", "apiKey"],
    ["anthropic-messages", "replayReasoning", undefined],
  ] as const)(
    "%s refuses the unknown option `%s` (a typo would be ignored) and suggests `%s`",
    (wire, option, near) => {
      const build = () => createModel({ wire, ...base, [option]: 1 });
      expect(build).toThrow(expect.objectContaining({ code: "invalid_config", param: option }));
      expect(build).toThrow(
        near ? `(did you mean \`${near}\`?)` : "known options: apiKey, authHeader, backoff",
      );
    },
  );

  it("accepts every documented form", () => {
    expect(() =>
      anthropicMessages({
        ...base,
        maxTokens: 8192,
        betas: ["interleaved-thinking-2025-05-14"],
        authHeader: "bearer",
        thinkingBudgets: { low: 1024, xhigh: 40_000 },
        thinking: { type: "enabled", budget_tokens: 4000 },
        extraBody: { metadata: { user_id: "u" } },
      }),
    ).not.toThrow();
    for (const thinking of [false, { type: "adaptive" }, { type: "disabled" }] as const)
      expect(() => anthropicMessages({ ...base, thinking })).not.toThrow();
    expect(() =>
      chatCompletions({
        ...base,
        maxTokensField: "max_completion_tokens",
        replayReasoning: "tool-turns",
        includeUsage: false,
        sendReasoningEffort: false,
        stream: false,
        headers: { "X-Trace": "1" },
        name: "local",
        capabilities: { images: false },
        fetch,
        maxRetries: 1,
        timeoutMs: 1000,
        idleTimeoutMs: 1000,
        backoff: { initialMs: 10 },
        onRetry: () => undefined,
        extraBody: { think: true },
        // An option left undefined is no option (a config spread with optional fields).
        apiKey: undefined,
      }),
    ).not.toThrow();
    // createModel passes its own `wire` key along.
    expect(() => createModel({ wire: "anthropic-messages", ...base, version: "2023-06-01" })).not.toThrow();
  });
});

describe("adapter headers", () => {
  it("lets the user's headers replace the adapter's own whatever their case (no 'Bearer a, Bearer b')", async () => {
    server = await startFakeServer([
      { frames: chatChunks({ text: "ok" }) },
      { frames: anthropicEvents({ text: "ok" }), done: false },
    ]);
    const headers = { Authorization: "Bearer gateway-token", "Anthropic-Version": "2024-01-01" };
    await drain(
      chatCompletions({ baseURL: server.url, model: "m", apiKey: "sk", headers }).stream({ input: "x" }, {}),
    );
    await drain(
      anthropicMessages({
        baseURL: server.url,
        model: "c",
        apiKey: "k",
        authHeader: "bearer",
        headers,
      }).stream({ input: "x" }, {}),
    );
    for (const request of server.requests) expect(request.headers.authorization).toBe("Bearer gateway-token");
    expect(server.requests[1]!.headers["anthropic-version"]).toBe("2024-01-01");
  });
});
