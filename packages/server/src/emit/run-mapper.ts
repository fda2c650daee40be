/**
 * @module emit/run-mapper — a server-side run, event by event, as one client response.
 *
 * The loop's `RunEvent`s go in; the client's events come out of one `ResponseWriter`:
 * - the model's items stream live through a {@link TurnForwarder} per turn;
 * - a hosted tool call (the code runner) becomes a `code_interpreter_call` item;
 * - a client function call (the loop pauses on it, as the spec's external tools do) becomes the
 *   `function_call` item the client must answer;
 * - calls `tool_choice` refused, unknown tools and correction messages stay server-side (with
 *   extensions on, `openloop:` events report them);
 * - while `tool_choice` forces a call, a turn is held back until the loop accepts it, so an answer
 *   the loop retries for lack of a call is never shown.
 */
import {
  decideToolCalls,
  type LoopEvent,
  nextToolChoice,
  type RunError,
  type RunEvent,
  type RunResult,
} from "@openloop/core";
import type { OutputItem, ResponseWriter, StreamEvent, ToolChoice } from "@openloop/protocol";
import type { CodeRunnerOutcome } from "@openloop/sandbox";
import { type ContainerNamer, HostedCallPresenter } from "./hosted-call.js";
import { TurnForwarder } from "./turn-forwarder.js";

/** How the run ended, once it did. */
export type RunEnd =
  | { kind: "completed" | "stopped" | "interrupted"; result: RunResult<unknown> }
  | { kind: "failed"; error: RunError<unknown> };

export interface RunMapperOptions {
  /** The client's one response: numbering, output indexes, finished items. */
  emitter: ResponseWriter;
  /** Names of the hosted tools (run by the server, shown as their own items). */
  hosted: ReadonlySet<string>;
  /** Names of every function the model was offered (hosted and client). */
  known: ReadonlySet<string>;
  /** The hosted calls' outcomes, by call id (filled by the bound tools). */
  outcomes: ReadonlyMap<string, CodeRunnerOutcome>;
  /** The run's `tool_choice`. */
  toolChoice: ToolChoice | undefined;
  /** The client opted in to `openloop:` extension events. */
  extensions: boolean;
  /** Names the container (`container_id`) a hosted call runs in. */
  containerOf: ContainerNamer;
}

/** Maps one run's events onto its client response. */
export class RunMapper {
  readonly #o: RunMapperOptions;
  readonly #presenter: HostedCallPresenter;
  #turn: TurnForwarder | undefined;
  #calls = new Map<string, OutputItem>();
  #held: OutputItem[] | undefined;
  #choice: ToolChoice | undefined;
  #started = false;
  /** The first `openloop:turn.started`, held until the response starts. */
  #firstTurn: { type: string; turn: number } | undefined;
  #end: RunEnd | undefined;

  constructor(options: RunMapperOptions) {
    this.#o = options;
    this.#presenter = new HostedCallPresenter(options.emitter, options.extensions, options.containerOf);
    this.#choice = options.toolChoice;
  }

  /** Whether the client response has started (the model's first event arrived). */
  get started(): boolean {
    return this.#started;
  }

  /** How the run ended (`undefined` until its last event). */
  get end(): RunEnd | undefined {
    return this.#end;
  }

  handle(event: RunEvent<unknown>): void {
    if (!isLoopEvent(event)) {
      // The response starts with the model's first real event; a model that fails before one
      // (an upstream 429, a refused connection) leaves the failure to be answered as HTTP.
      if (!this.#started && event.type !== "response.failed" && event.type !== "error") {
        this.#started = true;
        this.#o.emitter.start();
        // The first turn began before the response did: it is announced now.
        if (this.#firstTurn !== undefined) this.#extension(this.#firstTurn);
        this.#firstTurn = undefined;
      }
      this.#turn?.push(event as StreamEvent);
      return;
    }
    if (this.#held !== undefined) this.#decide(event);
    switch (event.type) {
      case "turn.started":
        this.#turn = new TurnForwarder(this.#o.emitter, forces(this.#choice, this.#o.known));
        if (this.#started) this.#extension({ type: "openloop:turn.started", turn: event.turn });
        else this.#firstTurn = { type: "openloop:turn.started", turn: event.turn };
        return;
      case "turn.completed": {
        const { calls, held } = this.#turn!.finish(event.response);
        this.#calls = calls;
        this.#advanceChoice([...calls.values()] as { name: string }[], event.response.output);
        // Only a held turn returns items: they wait for the loop's verdict (see #decide).
        if (held.length > 0) this.#held = held;
        this.#turn = undefined;
        this.#extension({ type: "openloop:turn.completed", turn: event.turn, usage: event.usage });
        return;
      }
      case "tool_choice.violated":
        this.#extension({
          type: "openloop:tool_choice.violated",
          turn: event.turn,
          kind: event.kind,
          message: event.message,
          retry: event.retry,
        });
        return;
      case "tool_call.rejected":
        this.#extension({
          type: "openloop:tool_call.rejected",
          call_id: event.callId,
          name: event.name,
          by: event.by,
          message: event.message,
        });
        return;
      case "approval.requested": {
        const call = this.#calls.get(event.callId);
        if (call !== undefined) this.#o.emitter.item({ ...call, status: "completed" } as OutputItem);
        return;
      }
      case "tool_call.started":
        if (this.#o.hosted.has(event.name)) this.#presenter.start(event.callId, codeOf(event));
        return;
      case "tool_call.completed": {
        const outcome = this.#o.outcomes.get(event.callId);
        if (outcome !== undefined) this.#presenter.finish(event.callId, outcome.item);
        return;
      }
      case "tool_call.failed":
        if (this.#o.hosted.has(event.name)) this.#presenter.failed(event.callId, event.message);
        else
          this.#extension({
            type: "openloop:tool_call.failed",
            call_id: event.callId,
            name: event.name,
            code: event.code,
            message: event.message,
          });
        return;
      case "run.completed":
      case "run.stopped":
      case "run.interrupted":
        this.#end = { kind: event.type.slice(4) as "completed", result: event.result };
        return;
      case "run.failed":
        this.#turn?.abort();
        this.#turn = undefined;
        this.#presenter.abortAll();
        this.#end = { kind: "failed", error: event.error };
        return;
      default:
    }
  }

  /**
   * A held turn is shown unless the loop retries it for lack of a call (`missing_call`, which
   * `tool_choice.violated` announces right after `turn.completed`), or the run fails instead.
   */
  #decide(event: LoopEvent<unknown>): void {
    const held = this.#held!;
    this.#held = undefined;
    const dropped =
      (event.type === "tool_choice.violated" && event.kind === "missing_call") || event.type === "run.failed";
    if (!dropped) for (const item of held) this.#o.emitter.item(item);
  }

  /** Follows the loop's `tool_choice` from turn to turn (the same pure policy the loop applies). */
  #advanceChoice(calls: { name: string }[], output: readonly OutputItem[]): void {
    const hostedCall = output.some((item) => item.type !== "function_call" && item.type.endsWith("_call"));
    const decision = decideToolCalls(this.#choice, calls, this.#o.known, { hostedCall });
    if (decision.violation?.kind === "missing_call") return;
    if (calls.length > 0) this.#choice = nextToolChoice(this.#choice, decision, true) ?? undefined;
  }

  #extension(draft: { type: string; [key: string]: unknown }): void {
    if (this.#o.extensions && this.#started) this.#o.emitter.write(draft);
  }
}

/** True when `choice` makes a response without a tool call a violation (so its turns are held). */
function forces(choice: ToolChoice | undefined, known: ReadonlySet<string>): boolean {
  return decideToolCalls(choice, [], known).violation?.kind === "missing_call";
}

function isLoopEvent(event: RunEvent<unknown>): event is LoopEvent<unknown> {
  const t = event.type;
  return (
    t.startsWith("run.") ||
    t.startsWith("turn.") ||
    t.startsWith("tool_call.") ||
    t.startsWith("tool_choice.") ||
    t.startsWith("approval.")
  );
}

/** The code of a hosted call, from its validated arguments or, failing that, its raw text. */
function codeOf(event: { args: unknown; arguments: string }): string {
  const code = (event.args as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : event.arguments;
}
