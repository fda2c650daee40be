/**
 * @module scripted-model — a `Model` that plays a script, for tests of anything above the model.
 */
import { setTimeout as sleep } from "node:timers/promises";
import {
  failedEvent,
  type Model,
  type ModelCapabilities,
  type ModelRequestOptions,
  modelHttpError,
  OpenloopError,
} from "@openloop/core";
import {
  type CreateResponseBody,
  type OutputItem,
  ResponseEmitter,
  type ResponseResource,
  type StreamEvent,
} from "@openloop/protocol";
import type { ScriptResponse, ScriptTurn } from "../script/turns.js";
import { echoRequest, fullUsage, withIds } from "./echo.js";

export interface ScriptedModelOptions {
  /** The model name echoed in responses when the request names none. @default "scripted" */
  model?: string;
  /** {@link Model.name}. @default "scripted" */
  name?: string;
  /** {@link Model.capabilities}, for testing how a loop adapts to a backend. */
  capabilities?: ModelCapabilities;
}

const ABORTED = () => new OpenloopError("aborted", "The request was aborted.");

/**
 * A {@link Model} that answers each request with the next turn of a script, as a spec-correct event
 * stream (built by `ResponseEmitter`, the same builder `startMockServer` uses), and records every
 * request in {@link requests}.
 *
 * Failures are the data the HTTP model would produce, so a loop behaves the same over
 * `ScriptedModel` and over `openResponses` + `startMockServer`: an `httpError` turn ends in
 * `response.failed` carrying a `ModelHttpError` (as if retries were exhausted: `ScriptedModel`
 * never retries), `cutConnection` in `stream_interrupted`, `failMidStream` in the server's `error`
 * event and `response.failed`. A request with no turn left gets an `error` event and
 * `response.failed` (code `model_failed`) saying so, not a hang.
 *
 * @example
 * const model = new ScriptedModel([
 *   [functionCall("get_weather", { city: "Paris" })],
 *   [text("It is sunny in Paris.")],
 * ]);
 */
export class ScriptedModel implements Model {
  readonly name: string;
  readonly capabilities: ModelCapabilities | undefined;
  /** Every request received, in order (deep copies, so later mutation by the caller does not show). */
  readonly requests: CreateResponseBody[] = [];
  readonly #turns: readonly ScriptTurn[];
  readonly #model: string;

  constructor(turns: readonly ScriptTurn[], options: ScriptedModelOptions = {}) {
    if (!Array.isArray(turns))
      throw new OpenloopError(
        "invalid_config",
        `ScriptedModel expects an array of turns, got ${typeof turns}`,
      );
    turns.forEach((turn, i) => {
      const problem = turnProblem(turn);
      if (problem !== undefined)
        throw new OpenloopError("invalid_config", `ScriptedModel turn ${i} ${problem}`);
    });
    this.#turns = turns;
    this.#model = options.model ?? "scripted";
    this.name = options.name ?? "scripted";
    this.capabilities = options.capabilities;
  }

  /** How many turns are left unplayed. */
  get remaining(): number {
    return Math.max(0, this.#turns.length - this.requests.length);
  }

  async *stream(request: CreateResponseBody, options: ModelRequestOptions = {}): AsyncGenerator<StreamEvent> {
    const index = this.requests.length;
    this.requests.push(copy(request));
    const signal = options.signal;
    if (signal?.aborted) return yield failedEvent(ABORTED());
    let turn: ScriptTurn | undefined = this.#turns[index];
    if (turn === undefined) return yield* scriptError(exhausted(index, this.#turns.length));
    try {
      while (typeof turn === "function") turn = await turn(request, index);
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      return yield* scriptError(
        new OpenloopError(
          "internal_error",
          `ScriptedModel: the function of turn ${index} threw: ${message}`,
          {
            cause,
          },
        ),
      );
    }
    const problem = turnProblem(turn);
    if (problem !== undefined)
      return yield* scriptError(
        new OpenloopError(
          "invalid_config",
          `ScriptedModel: the function of turn ${index} returned a turn that ${problem}`,
        ),
      );
    const spec: ScriptResponse = Array.isArray(turn) ? { output: turn } : (turn as ScriptResponse);
    yield* play(spec, index, echoRequest(request, this.#model), signal);
  }
}

/**
 * What is wrong with a turn ("must be ..." / "has ..."), or undefined. Output items must be
 * objects with a string `type`: anything else would be streamed as a malformed item.
 */
function turnProblem(turn: unknown): string | undefined {
  if (typeof turn === "function") return undefined;
  if (typeof turn !== "object" || turn === null)
    return `must be an array of items, a response object or a function, got ${String(turn)}`;
  const output = Array.isArray(turn) ? turn : (turn as ScriptResponse).output;
  if (output === undefined) return undefined;
  if (!Array.isArray(output)) return `has an output that is not an array of items: ${String(output)}`;
  const bad = output.findIndex(
    (item) =>
      typeof item !== "object" || item === null || typeof (item as { type?: unknown }).type !== "string",
  );
  if (bad < 0) return undefined;
  const shown = JSON.stringify(output[bad]) ?? String(output[bad]);
  return `has an item that is not an output item (item ${bad}: ${shown}); items are objects with a string \`type\`, such as text(), functionCall(), reasoning() and refusal() make`;
}

/** A deep copy when the request can be copied (it is JSON in practice), else the request itself. */
function copy(request: CreateResponseBody): CreateResponseBody {
  try {
    return structuredClone(request);
  } catch {
    return request;
  }
}

function exhausted(index: number, length: number): OpenloopError {
  return new OpenloopError(
    "model_failed",
    `ScriptedModel has no turn for request ${index + 1}: the script has ${length} turn${length === 1 ? "" : "s"}. ` +
      "Add a turn, or check why the caller made another request.",
    { details: { reason: "script_exhausted", requestIndex: index } },
  );
}

/** An `error` event then `response.failed`, both carrying `error` (the latter in-process too). */
function* scriptError(error: OpenloopError): Generator<StreamEvent> {
  yield { type: "error", sequence_number: 0, error: { ...error.toPayload() } };
  yield failedEvent(error, {}, 1);
}

/** Plays one scripted response: its events, delays, abort handling and failure. */
async function* play(
  spec: ScriptResponse,
  index: number,
  fields: Partial<ResponseResource>,
  signal: AbortSignal | undefined,
): AsyncGenerator<StreamEvent> {
  const failure = spec.failure;
  const emitter = new ResponseEmitter(
    { ...fields, id: spec.id ?? `resp_${index}` },
    spec.chunkSize === undefined ? {} : { chunkSize: spec.chunkSize },
  );
  const aborted = () => failedEvent(ABORTED(), emitter.snapshot(), emitter.nextSequence);
  const wait = async (ms: number | undefined): Promise<boolean> => {
    if (!ms || ms <= 0) return true;
    try {
      await sleep(ms, undefined, { signal });
      return true;
    } catch {
      return false;
    }
  };

  if (!(await wait(spec.delayMs))) return yield aborted();
  if (failure?.kind === "http") {
    const { status, body } = failure;
    const headers: Record<string, string> = { ...failure.headers };
    if (typeof body !== "string") headers["content-type"] = "application/json";
    else headers["content-type"] ??= "text/plain";
    const text =
      body === undefined ? defaultErrorBody(status) : typeof body === "string" ? body : JSON.stringify(body);
    return yield failedEvent(modelHttpError({ status, body: text, headers }));
  }

  const incomplete = spec.status === "incomplete";
  const output = withIds(spec.output ?? [], index, incomplete) as OutputItem[];
  const limit = failure === undefined ? Number.POSITIVE_INFINITY : failure.afterEvents;
  let count = 0;
  // Delays and abort checks come before pulling the next event: the emitter numbers events as they
  // are pulled, so whatever ends the stream continues the numbering without a gap.
  const events = allButTerminal(emitter, output);
  while (count < limit) {
    if (count > 0 && !(await wait(spec.eventDelayMs))) return yield aborted();
    if (signal?.aborted) return yield aborted();
    const next = events.next();
    if (next.done) break;
    yield next.value;
    count++;
  }

  if (failure === undefined) {
    const final: Partial<ResponseResource> = { status: incomplete ? "incomplete" : "completed" };
    if (incomplete) final.incomplete_details = { reason: spec.incompleteReason ?? "max_output_tokens" };
    if (spec.usage !== undefined) final.usage = fullUsage(spec.usage);
    return yield emitter.end(final);
  }
  switch (failure.kind) {
    case "error":
      return yield* emitter.fail(failure.error);
    case "cut":
      return yield failedEvent(
        count === 0
          ? new OpenloopError(
              "model_connection_error",
              "The connection closed before the server sent any event.",
            )
          : new OpenloopError(
              "stream_interrupted",
              `The stream broke after ${count} events, before the response finished.`,
            ),
        emitter.snapshot(),
        emitter.nextSequence,
      );
    case "stall":
      await new Promise<void>((resolve) => {
        if (signal === undefined || signal.aborted) return resolve();
        signal.addEventListener("abort", () => resolve(), { once: true });
      });
      // Without a signal nothing can end a stall; say so rather than hang forever.
      if (signal === undefined)
        return yield failedEvent(new OpenloopError("internal_error", "stall() needs an AbortSignal to end."));
      return yield aborted();
  }
}

function* allButTerminal(emitter: ResponseEmitter, output: readonly OutputItem[]): Generator<StreamEvent> {
  yield* emitter.start();
  for (const item of output) yield* emitter.item(item);
}

/** The spec's error envelope for a status, when the script gave no body. */
function defaultErrorBody(status: number): string {
  const type =
    status === 429
      ? "too_many_requests"
      : status >= 500
        ? "server_error"
        : status === 404
          ? "not_found"
          : "invalid_request";
  return JSON.stringify({ error: { type, code: null, message: `Scripted HTTP ${status}.`, param: null } });
}
