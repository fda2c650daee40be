import { getEventListeners } from "node:events";
import { ModelHttpError, OpenloopError } from "@openloop/protocol";
import { afterEach, describe, expect, test } from "vitest";
import { rawServer } from "../open-responses/http.test-helpers.js";
import { fetchWithRetries, type RetriedRequest } from "./fetch-with-retries.js";
import { type RetryInfo, resolveTransport } from "./options.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A server answering request n with `answers[n]` (the last one repeats); counts the requests. */
async function serve(...answers: { status: number; body?: string; headers?: Record<string, string> }[]) {
  let count = 0;
  const server = await rawServer((_, res) => {
    const answer = answers[Math.min(count++, answers.length - 1)]!;
    res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
    res.end(answer.body ?? "{}");
  });
  closers.push(server.close);
  return { url: `${server.url}/x`, requests: () => count };
}

function request<T>(url: string, extra: Partial<RetriedRequest<T>> = {}, retries: RetryInfo[] = []) {
  const transport = resolveTransport(
    { maxRetries: 2, backoff: { initialMs: 1, maxMs: 2 }, onRetry: (info) => retries.push(info) },
    { stream: true, owner: "test()" },
  );
  return { url, headers: {}, body: "{}", transport, ...extra } as RetriedRequest<T>;
}

describe("fetchWithRetries", () => {
  test("retries a retryable status, then resolves with the 2xx answer; release removes the abort listener", async () => {
    const server = await serve(
      { status: 503, headers: { "retry-after-ms": "3" } },
      { status: 200, body: '{"ok":1}' },
    );
    const retries: RetryInfo[] = [];
    const controller = new AbortController();
    const answer = await fetchWithRetries(request(server.url, { signal: controller.signal }, retries));
    expect(await answer.response.json()).toEqual({ ok: 1 });
    expect(server.requests()).toBe(2);
    expect(retries).toMatchObject([{ attempt: 1, delayMs: 3, fromServer: true, error: { status: 503 } }]);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    answer.release();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  test("gives up after maxRetries with the last error and how many attempts were made", async () => {
    const server = await serve({ status: 500 });
    const error = await fetchWithRetries(request(server.url)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelHttpError);
    expect(error).toMatchObject({ status: 500, details: { attempts: 3 } });
    expect(server.requests()).toBe(3);
  });

  test("a non-retryable status is thrown at once, through the httpError hook when given", async () => {
    const server = await serve({ status: 404, body: '{"detail":"Not Found"}' });
    const hooked = (init: { status: number }) =>
      new ModelHttpError(`custom ${init.status}`, { status: init.status });
    const error = await fetchWithRetries(request(server.url, { httpError: hooked })).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: "custom 404", status: 404 });
    expect(server.requests()).toBe(1);
  });

  test("ready: a plain throw fails the attempt like a lost connection (retried), an OpenloopError ends it", async () => {
    const server = await serve({ status: 200 });
    let calls = 0;
    const answer = await fetchWithRetries(
      request(server.url, {
        ready: async (response) => {
          await response.text();
          if (++calls === 1) throw new Error("closed before any event");
          return "second";
        },
      }),
    );
    expect(answer.value).toBe("second");
    answer.release();

    const refused = await fetchWithRetries(
      request(server.url, {
        ready: async () => {
          throw new OpenloopError("not_open_responses", "HTML");
        },
      }),
    ).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "not_open_responses" });
  });

  test("a refused connection is model_connection_error naming the URL", async () => {
    const server = await serve({ status: 200 });
    await closers.pop()!();
    const error = await fetchWithRetries(request(server.url)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "model_connection_error",
      details: { url: server.url, attempts: 3 },
    });
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });

  test("stops waiting between attempts with the signal's reason when aborted", async () => {
    const server = await serve({ status: 503, headers: { "retry-after": "50" } });
    const controller = new AbortController();
    const reason = new OpenloopError("model_timeout", "stop");
    const pending = fetchWithRetries({
      ...request(server.url, { signal: controller.signal }),
      transport: resolveTransport(
        { onRetry: () => controller.abort(reason) },
        { stream: true, owner: "test()" },
      ),
    });
    await expect(pending).rejects.toBe(reason);
    expect(server.requests()).toBe(1);
  });
});

describe("resolveTransport", () => {
  test("the defaults every HTTP model shares", () => {
    expect(resolveTransport({}, { stream: true, owner: "x()" })).toMatchObject({
      maxRetries: 2,
      timeoutMs: 60_000,
      idleTimeoutMs: 300_000,
      initialMs: 500,
      maxMs: 8_000,
      maxRetryAfterMs: 60_000,
    });
    expect(resolveTransport({}, { stream: false, owner: "x()" }).timeoutMs).toBe(600_000);
  });

  test("a bad value is invalid_config naming the option and the factory", () => {
    expect(() => resolveTransport({ maxRetries: 1.5 }, { stream: true, owner: "chatCompletions()" })).toThrow(
      "chatCompletions(): Expected `maxRetries` to be an integer, got 1.5 (number)",
    );
    expect(() => resolveTransport({ backoff: { maxMs: -1 } }, { stream: true, owner: "x()" })).toThrow(
      /Expected `backoff.maxMs` to be a number from 0 and up, got -1/,
    );
  });
});
