import { ModelHttpError, OpenloopError } from "@openloop/protocol";
import { describe, expect, test } from "vitest";
import { modelHttpError } from "./http-error.js";
import { retryAfterMs } from "./retry-after.js";

const url = "http://127.0.0.1:9/v1/responses";
const envelope = (error: Record<string, unknown>) => JSON.stringify({ error });

describe("modelHttpError: error bodies parsed leniently", () => {
  test("the spec envelope: status, type, code, param and message are all kept", () => {
    const error = modelHttpError({
      status: 400,
      url,
      body: envelope({
        message: "The requested model 'fake' does not exist.",
        type: "invalid_request_error",
        param: "model",
        code: "model_not_found",
      }),
    });
    expect(error).toBeInstanceOf(ModelHttpError);
    expect(error).toBeInstanceOf(OpenloopError);
    expect(error).toMatchObject({
      code: "model_http_error",
      status: 400,
      type: "invalid_request_error",
      serverCode: "model_not_found",
      param: "model",
      url,
    });
    expect(error.message).toBe(
      `HTTP 400 Bad Request from POST ${url}: The requested model 'fake' does not exist.`,
    );
  });

  test.each([
    ["plain text", "upstream connect error", "HTTP 502 Bad Gateway from POST URL: upstream connect error"],
    [
      "HTML",
      "<html><body><h1>502 Bad Gateway</h1>\n</body></html>",
      "HTTP 502 Bad Gateway from POST URL: 502 Bad Gateway",
    ],
    ["an empty body", "", "HTTP 502 Bad Gateway from POST URL (empty body)"],
    ["whitespace", "  \n", "HTTP 502 Bad Gateway from POST URL (empty body)"],
    [
      "{ error: string }",
      '{"error":"model is loading"}',
      "HTTP 502 Bad Gateway from POST URL: model is loading",
    ],
    [
      "{ message }",
      '{"message":"gateway timeout","code":"E1"}',
      "HTTP 502 Bad Gateway from POST URL: gateway timeout",
    ],
    [
      "FastAPI { detail }",
      '{"detail":"Internal error"}',
      "HTTP 502 Bad Gateway from POST URL: Internal error",
    ],
    ["an array", '[{"error":{"message":"quota","code":"q"}}]', "HTTP 502 Bad Gateway from POST URL: quota"],
    ["a JSON string", '"just text"', "HTTP 502 Bad Gateway from POST URL: just text"],
    ["truncated JSON", '{"error":{"mess', 'HTTP 502 Bad Gateway from POST URL: {"error":{"mess'],
  ])("%s", (_, body, message) => {
    const error = modelHttpError({ status: 502, url, body });
    expect(error.code).toBe("model_http_error");
    expect(error.type).toBe("server_error");
    expect(error.status).toBe(502);
    expect(error.message).toBe(message.replace("URL", url));
    expect(error.body).toBe(body);
  });

  test("long server messages are clipped; bodies are kept up to 64 KiB", () => {
    const error = modelHttpError({ status: 500, body: "x".repeat(100_000) });
    expect(error.message.length).toBeLessThan(600);
    expect(error.body).toHaveLength(64 * 1024);
  });

  test("headers are kept lower-cased, and the retry hint is read into details", () => {
    const error = modelHttpError({
      status: 429,
      body: "",
      headers: new Headers({ "Retry-After": "3", "X-Request-Id": "abc" }),
    });
    expect(error.headers).toMatchObject({ "retry-after": "3", "x-request-id": "abc" });
    expect(error.details).toEqual({ statusText: "Too Many Requests", retryAfterMs: 3000 });
    expect(error.type).toBe("too_many_requests");
  });
});

describe("modelHttpError: codes the loop acts on", () => {
  test("a bare 404 means no Open Responses endpoint: not_open_responses, naming the URL", () => {
    for (const body of [
      "",
      "404 page not found",
      '{"detail":"Not Found"}',
      envelope({ message: "nope", code: null }),
    ]) {
      const error = modelHttpError({ status: 404, url, body });
      expect(error.code).toBe("not_open_responses");
      expect(error.message).toContain(url);
      expect(error.message).toMatch(/probably does not speak Open Responses/);
    }
  });

  test("a 404 that is a structured API error (model_not_found) stays model_http_error", () => {
    const error = modelHttpError({
      status: 404,
      url,
      body: envelope({
        message: "The model `x` does not exist",
        type: "invalid_request_error",
        code: "model_not_found",
      }),
    });
    expect(error.code).toBe("model_http_error");
    expect(error.serverCode).toBe("model_not_found");
  });

  test("previous_response_not_found: by code, or by what the message says, on 400 or 404", () => {
    const byCode = modelHttpError({
      status: 400,
      body: envelope({
        message: "Previous response with id 'resp_1' not found.",
        code: "previous_response_not_found",
      }),
    });
    expect(byCode.code).toBe("previous_response_not_found");
    expect(byCode.param).toBe("previous_response_id");
    for (const message of [
      "Previous response with id 'resp_1' not found.",
      "No response found with id resp_1",
    ]) {
      const error = modelHttpError({
        status: 404,
        body: envelope({ message, type: "invalid_request_error" }),
      });
      expect(error.code).toBe("previous_response_not_found");
      expect(error.message).toContain(message);
    }
    // A 500 mentioning it is a server failure, not a missing id.
    expect(
      modelHttpError({ status: 500, body: envelope({ message: "previous response not found" }) }).code,
    ).toBe("model_http_error");
  });
});

describe("retryAfterMs", () => {
  test("retry-after-ms first, then Retry-After seconds or HTTP date; garbage is ignored", () => {
    expect(retryAfterMs({ "retry-after-ms": "250", "retry-after": "9" })).toBe(250);
    expect(retryAfterMs({ "retry-after": "2" })).toBe(2000);
    expect(retryAfterMs({ "retry-after": "0.5" })).toBe(500);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs({ "retry-after": "Thu, 01 Jan 2026 00:00:07 GMT" }, now)).toBe(7000);
    expect(retryAfterMs({ "retry-after": "Wed, 31 Dec 2025 00:00:00 GMT" }, now)).toBe(0);
    expect(retryAfterMs({ "retry-after": "soon" })).toBeUndefined();
    expect(retryAfterMs({ "retry-after-ms": "-1" })).toBeUndefined();
    expect(retryAfterMs({})).toBeUndefined();
  });
});
