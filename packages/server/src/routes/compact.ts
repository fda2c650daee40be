/**
 * @module routes/compact — `POST /v1/responses/compact` (spec 2026-04-24).
 */
import {
  CompactRequestBody,
  describeZodError,
  normalizeInput,
  OpenloopError,
  zodErrorParam,
} from "@openloop/protocol";
import type { Context } from "hono";
import { compactWindow } from "../compact/compact.js";
import { parseJson } from "../run/request.js";
import { storeLookup } from "../run/start.js";
import { translateInput } from "../run/translate-input.js";
import type { ServerState } from "../state.js";
import { loadChain } from "../store/chain.js";
import { holdRequest } from "./in-flight.js";
import type { AppEnv } from "./responses.js";

/**
 * Compacts the window a request describes (`previous_response_id`, then `input`) and answers the
 * spec's `CompactResource` (`object: "response.compaction"`). Nothing is stored.
 */
export async function compactResponse(c: Context<AppEnv>, state: ServerState): Promise<Response> {
  const hold = holdRequest(state, c.req.raw.signal);
  try {
    const raw = parseJson(await c.req.text());
    const record =
      typeof raw === "object" && raw !== null && !Array.isArray(raw)
        ? (raw as Record<string, unknown>)
        : undefined;
    const input = normalizeInput(record?.input);
    const parsed = CompactRequestBody.safeParse(
      record !== undefined && input !== record.input ? { ...record, input } : raw,
    );
    if (!parsed.success) {
      throw new OpenloopError(
        "invalid_request",
        `Invalid compact request: ${describeZodError(parsed.error)}`,
        {
          param: zodErrorParam(parsed.error),
        },
      );
    }
    const body = parsed.data;
    c.get("log").fields.model = body.model;
    const route = state.routing.resolve(body.model);
    const previous = body.previous_response_id;
    const chain =
      previous === undefined || previous === null ? undefined : await loadChain(storeLookup(state), previous);
    const context = chain?.items ?? [];
    const window = [
      ...context,
      ...translateInput(body.input, context, state.deps.codeRunner?.name ?? "run_javascript"),
    ];
    if (window.length === 0) {
      throw new OpenloopError(
        "invalid_request",
        "Nothing to compact: send `input` or `previous_response_id`.",
        {
          param: "input",
        },
      );
    }
    const compacted = await compactWindow(window, {
      model: route.model,
      instructions: body.instructions,
      signal: hold.signal,
    });
    return c.json(compacted);
  } finally {
    hold.end();
  }
}
