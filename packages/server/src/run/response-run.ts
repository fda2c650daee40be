/**
 * @module run/response-run — one `POST /v1/responses` (or WebSocket `response.create`): the loop run
 * server-side over the routed model, shown to the client as one spec response.
 */
import { randomUUID } from "node:crypto";
import { Agent, type AnyFunctionTool, type RunEvent, runStream } from "@openloop/core";
import {
  type CreateResponseBody,
  type EventSink,
  type ItemParam,
  type OpenloopError,
  type ResponseResource,
  ResponseWriter,
} from "@openloop/protocol";
import type { CodeRunnerOutcome, CodeRunnerTool } from "@openloop/sandbox";
import { RunMapper } from "../emit/run-mapper.js";
import { bindCodeRunner, containerNamer, type ServerRunContext } from "../hosted/code-interpreter.js";
import { asOpenloopError, payloadOf } from "../http/errors.js";
import type { Route } from "../routing/table.js";
import type { Chain } from "../store/chain.js";
import type { StoredResponse } from "../store/store.js";
import { responseBase } from "./echo.js";
import { failureFields, modelSettings, statusOf, usageOf } from "./outcome.js";
import { sortTools } from "./tools.js";
import { translateInput } from "./translate-input.js";

/** What the server lends every run. */
export interface RunDeps {
  /** The hosted code runner (`undefined`: none). */
  codeRunner: CodeRunnerTool<ServerRunContext> | undefined;
  /** Offer the code runner on every request, not only when asked for. */
  hostedAlways: boolean;
  /** Most model turns per response. */
  maxTurns: number;
  /** Wall-clock budget of one response's run, in ms (`undefined`: none). */
  timeoutMs: number | undefined;
}

/** One request to run. */
export interface RunRequest {
  body: CreateResponseBody;
  route: Route;
  /** The conversation `previous_response_id` continues. */
  chain: Chain | undefined;
  /** Send `openloop:` extension items and events. */
  extensions: boolean;
  /** Where events go (`null`: answer with the final response only). */
  sink: EventSink | null;
  /** Aborts the run: the model request and the running tools. */
  signal: AbortSignal;
  /**
   * Keeps a finished (completed or incomplete) response, before its terminal event is sent, so a
   * client that continues from it at once finds it. Must not throw.
   */
  persist?: (record: StoredResponse) => Promise<void>;
}

/**
 * A response being made. Drive it with {@link step}; read {@link response} and {@link record} when
 * it is done.
 *
 * Contract:
 * - `start()` throws (an `OpenloopError`, answered as a 4xx) for a request that cannot run;
 * - the first `step()` throws when the run fails before the model produced anything, so the failure
 *   can still be an HTTP status (an upstream 429 stays a 429); after that, failures are events;
 * - the sink receives exactly the events of one spec response, the terminal one last.
 */
export class ResponseRun {
  readonly id: string;
  readonly #emitter: ResponseWriter;
  readonly #mapper: RunMapper;
  readonly #events: AsyncIterator<RunEvent<unknown>>;
  readonly #input: ItemParam[];
  readonly #request: RunRequest;
  readonly #conversationId: string;
  #sent = 0;
  #done = false;
  #response: ResponseResource | undefined;
  #record: StoredResponse | undefined;
  #error: OpenloopError | undefined;

  private constructor(deps: RunDeps, request: RunRequest) {
    const { body, route, chain } = request;
    this.#request = request;
    this.id = `resp_${randomUUID().replaceAll("-", "")}`;
    this.#conversationId = chain?.conversationId ?? this.id;
    const runner = deps.codeRunner;
    const tools = sortTools(body, { codeTool: runner?.name, always: deps.hostedAlways });
    const context = chain?.items ?? [];
    this.#input = translateInput(body.input, context, runner?.name ?? "run_javascript");

    const runContext: ServerRunContext = { responseId: this.id, conversationId: this.#conversationId };
    const outcomes = new Map<string, CodeRunnerOutcome>();
    const loopTools: AnyFunctionTool<ServerRunContext>[] = [];
    if (tools.codeInterpreter && runner !== undefined) loopTools.push(bindCodeRunner(runner, outcomes));
    loopTools.push(...tools.client);

    const sink = request.sink;
    // One writer for the client's whole response: its numbering and output indexes are the client's,
    // whatever produced the items (several model turns, hosted tools, client function calls).
    this.#emitter = new ResponseWriter(
      responseBase(body, { id: this.id, model: route.name, toolChoice: tools.toolChoice }),
      {
        sink:
          sink === null
            ? null
            : (event) => {
                this.#sent++;
                sink(event);
              },
      },
    );
    this.#mapper = new RunMapper({
      emitter: this.#emitter,
      hosted: new Set(tools.codeInterpreter && runner ? [runner.name] : []),
      known: new Set(loopTools.map((t) => t.name)),
      outcomes,
      toolChoice: tools.toolChoice,
      extensions: request.extensions,
      containerOf: containerNamer(runner, runContext, request.signal),
    });

    const agent = new Agent<ServerRunContext>({
      name: "openloop-server",
      model: route.model,
      instructions: body.instructions ?? undefined,
      tools: loopTools,
      toolChoice: tools.toolChoice,
      parallelToolCalls: body.parallel_tool_calls ?? undefined,
      reasoning: body.reasoning ?? undefined,
      maxToolCalls: body.max_tool_calls ?? undefined,
      maxTurns: deps.maxTurns,
      timeoutMs: deps.timeoutMs,
      modelSettings: modelSettings(body),
      // The server keeps the conversation; the upstream gets it whole each turn (stateless).
      store: false,
    });
    const stream = runStream(agent, [...context, ...this.#input], {
      signal: request.signal,
      context: runContext,
    });
    this.#events = stream[Symbol.asyncIterator]();
  }

  /**
   * Checks the request and starts its run.
   * @throws {OpenloopError} `invalid_request` (with `param`) for tools, `tool_choice` or input items
   *   the run cannot take.
   */
  static start(deps: RunDeps, request: RunRequest): ResponseRun {
    return new ResponseRun(deps, request);
  }

  /** The final response (once `step()` returned false). */
  get response(): ResponseResource | undefined {
    return this.#response;
  }

  /** What to store for this response (once done; `undefined` for a failed one). */
  get record(): StoredResponse | undefined {
    return this.#record;
  }

  /** True once the terminal event was sent. */
  get done(): boolean {
    return this.#done;
  }

  /**
   * Runs until the sink received at least one event, or the run ended (then the terminal event
   * was sent). Returns false once there is nothing more.
   * @throws {OpenloopError} only before the first event: the run failed before the model answered.
   */
  async step(): Promise<boolean> {
    if (this.#done) return false;
    const before = this.#sent;
    try {
      for (;;) {
        const next = await this.#events.next();
        if (next.done) {
          await this.#finish();
          return true;
        }
        this.#mapper.handle(next.value);
        if (this.#sent !== before) return true;
      }
    } catch (thrown) {
      if (!this.#mapper.started || this.#emitter.ended) throw thrown;
      // A fault of ours after the response started: it ends as a failed response, never a broken stream.
      this.#done = true;
      void this.#events.return?.();
      const error = asOpenloopError(thrown);
      this.#error = error;
      const response = this.#emitter.response({
        status: "failed",
        error: { code: error.code, message: error.message },
      });
      this.#response = response;
      this.#emitter.fail(payloadOf(error, 500), response);
      return true;
    }
  }

  /** Why the response failed (`undefined` unless its status is `failed`). */
  get error(): OpenloopError | undefined {
    return this.#error;
  }

  /** Runs to the end (for a JSON answer). */
  async complete(): Promise<ResponseResource> {
    while (await this.step());
    return this.#response!;
  }

  /** Stops the run (the client went away): the model request and the tools are aborted. */
  async cancel(): Promise<void> {
    await this.#events.return?.();
  }

  async #finish(): Promise<void> {
    this.#done = true;
    const end = this.#mapper.end;
    if (end === undefined) throw new Error("The run ended without a run.* end event.");
    if (end.kind === "failed" && !this.#mapper.started) throw end.error;
    if (!this.#mapper.started) this.#emitter.start();
    const result = end.kind === "failed" ? end.error.result : end.result;
    const usage = usageOf(result);
    const response = this.#emitter.response({ status: statusOf(end), usage, ...failureFields(end, result) });
    this.#response = response;
    if (response.status !== "failed") {
      this.#record = {
        id: this.id,
        previousResponseId: this.#request.body.previous_response_id ?? null,
        conversationId: this.#conversationId,
        input: this.#input,
        items: result.items as ItemParam[],
        response,
      };
      await this.#request.persist?.(this.#record);
    }
    if (end.kind === "failed" && response.status === "failed") {
      this.#error = end.error;
      this.#emitter.fail(payloadOf(end.error, 500), response);
    } else {
      this.#emitter.terminal(response);
    }
  }
}
