/**
 * @module run/request — a `POST /v1/responses` body, checked: what real clients send, made spec.
 */
import {
  type CreateResponseBody,
  normalizeInput,
  OpenloopError,
  parseCreateResponseBody,
} from "@openloop/protocol";

/**
 * Validates a request body against the spec's `CreateResponseBody`, after adding `type: "message"`
 * to `{ role, content }` shorthand input items (which every real client sends).
 *
 * @throws {OpenloopError} `invalid_request` whose `param` names the field at fault (`input[0].content`).
 */
export function parseResponseBody(raw: unknown): CreateResponseBody {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new OpenloopError(
      "invalid_request",
      "The request body must be a JSON object (a CreateResponseBody).",
    );
  }
  const record = raw as Record<string, unknown>;
  const input = normalizeInput(record.input);
  const body = parseCreateResponseBody(input === record.input ? record : { ...record, input });
  if (body.background === true) {
    throw new OpenloopError("invalid_request", "Background responses are not supported by this server.", {
      param: "background",
    });
  }
  return body;
}

/** Reads a JSON request body, answering malformed JSON as `invalid_request`. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new OpenloopError(
      "invalid_request",
      `The request body is not valid JSON: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}
