/**
 * @module routes/responses — `POST /v1/responses`: streaming (SSE) and JSON.
 */
import type { Context } from "hono";
import { failureResponse, httpFailure } from "../http/errors.js";
import { requestSwitches } from "../http/request-options.js";
import { frameSink, sseBody } from "../http/sse.js";
import type { RequestLog } from "../log/request-log.js";
import { parseJson, parseResponseBody } from "../run/request.js";
import { startResponse, storeLookup, storePersist } from "../run/start.js";
import type { ServerState } from "../state.js";
import { holdRequest } from "./in-flight.js";

/** Variables the middleware sets on each request's context. */
export type AppEnv = { Variables: { log: RequestLog } };

const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  // Proxies such as nginx must not buffer the stream.
  "x-accel-buffering": "no",
};

/**
 * Creates one response. Errors before the answer starts (a bad body, an unknown model, a full
 * server, an upstream that failed before its first event) are thrown and answered by the app's
 * error handler with the spec's envelope; once a stream has started, failures are its events.
 */
export async function createResponse(c: Context<AppEnv>, state: ServerState): Promise<Response> {
  const log = c.get("log");
  // A client that disconnects while we compute a JSON answer aborts the run (a stream has its own cancel).
  const hold = holdRequest(state, c.req.raw.signal);
  let streaming = false;
  try {
    const body = parseResponseBody(parseJson(await c.req.text()));
    const switches = requestSwitches(state, (name) => c.req.header(name));
    log.fields.model = body.model ?? null;
    log.fields.stream = body.stream === true;
    const frames: string[] = [];
    const run = await startResponse(state, body, {
      sink: body.stream === true ? frameSink(frames, switches.reasoningEvents) : null,
      signal: hold.signal,
      extensions: switches.extensions,
      lookup: storeLookup(state),
      persist: storePersist(state, body),
    });
    log.fields.responseId = run.id;

    if (body.stream !== true) {
      const response = await run.complete();
      log.fields.responseStatus = response.status;
      if (c.req.raw.signal.aborted) log.fields.cancelled = true; // nobody is left to answer
      if (response.status === "failed") {
        const failure = httpFailure(run.error);
        log.fields.error = failure.body.error.code;
        return failureResponse(failure);
      }
      return c.json(response);
    }

    await run.step(); // the run's first events: a failure before them is still an HTTP answer
    streaming = true;
    log.defer();
    const stream = sseBody(run, frames, (how) => {
      hold.end();
      log.finish(200, {
        responseStatus: run.response?.status ?? "cancelled",
        ...(run.error === undefined ? {} : { error: run.error.code }),
        ...(how === "cancelled" ? { cancelled: true } : {}),
      });
    });
    return new Response(stream, { status: 200, headers: SSE_HEADERS });
  } finally {
    if (!streaming) hold.end();
  }
}
