/**
 * @module code-mode/dispatcher — the one door from sandboxed code to the host: `await tools.name(args)`.
 *
 * Strings in, strings out. The isolate sends a tool name and the JSON text of the arguments; the
 * dispatcher (in the parent process, which trusts neither the code nor the worker running it)
 * counts the call, checks the name and size, validates the arguments with the tool's own schema,
 * runs the tool under its timeout and the run's signal, and sends back the result as text, capped
 * in size. Errors go back as a message the code can catch — never a host stack.
 */
import type { FunctionTool, ToolContext } from "../core-types.js";

/**
 * A tool code can call: any `FunctionTool` (from core's `tool()`) fits. Only these members are used.
 */
export type SandboxTool = Pick<
  FunctionTool<unknown, unknown>,
  "name" | "description" | "parseArguments" | "execute" | "timeoutMs"
>;

/** The answer sent back to the isolate: a string (`s`), JSON text (`j`) or an error message (`e`). */
export interface ToolAnswer {
  kind: "s" | "j" | "e";
  payload: string;
}

export interface DispatcherLimits {
  maxToolCalls: number;
  maxToolArgsChars: number;
  maxToolResultChars: number;
}

export interface DispatcherOptions {
  /** Aborts every tool call in flight (the run's own signal). */
  signal?: AbortSignal | undefined;
  /** Handed to tools as `ctx.runContext`. */
  runContext?: unknown;
  /** Prefix of the `ctx.callId` tools see (`<prefix>/<tool>#<n>`). */
  callIdPrefix: string;
}

/** Routes the tool calls of one run. Create one per run; `close()` it when the run ends. */
export class ToolDispatcher {
  #tools: Map<string, SandboxTool>;
  #limits: DispatcherLimits;
  #options: DispatcherOptions;
  #calls = 0;
  #closed = false;
  #controller = new AbortController();
  #detach: (() => void) | null = null;

  constructor(tools: readonly SandboxTool[], limits: DispatcherLimits, options: DispatcherOptions) {
    this.#tools = new Map(tools.map((t) => [t.name, t]));
    this.#limits = limits;
    this.#options = options;
    const outer = options.signal;
    if (outer) {
      const onAbort = () => this.#controller.abort(outer.reason);
      if (outer.aborted) onAbort();
      else {
        outer.addEventListener("abort", onAbort, { once: true });
        this.#detach = () => outer.removeEventListener("abort", onAbort);
      }
    }
  }

  /** Names of the tools code can call, in registration order. */
  get names(): string[] {
    return [...this.#tools.keys()];
  }

  /** Calls received so far (including refused ones). */
  get calls(): number {
    return this.#calls;
  }

  /** Handles one call; never rejects. */
  async call(name: string, argsJson: string): Promise<ToolAnswer> {
    if (this.#closed) return fail("The run has ended.");
    const n = ++this.#calls;
    if (n > this.#limits.maxToolCalls) {
      return fail(`Tool call limit reached: at most ${this.#limits.maxToolCalls} calls per run.`);
    }
    const tool = this.#tools.get(name);
    if (tool === undefined) {
      return fail(`Unknown tool \`${name}\`. Available tools: ${this.names.join(", ") || "(none)"}.`);
    }
    if (argsJson.length > this.#limits.maxToolArgsChars) {
      return fail(
        `tools.${name}: arguments are ${argsJson.length} characters of JSON; the limit is ${this.#limits.maxToolArgsChars}.`,
      );
    }
    let args: unknown;
    try {
      args = JSON.parse(argsJson);
    } catch {
      return fail(`tools.${name}: arguments are not valid JSON.`);
    }
    const parsed = tool.parseArguments(args);
    if (!parsed.success) return fail(`tools.${name}: invalid arguments: ${parsed.error}`);

    const signals = [this.#controller.signal];
    if (tool.timeoutMs !== undefined) signals.push(AbortSignal.timeout(tool.timeoutMs));
    const signal = signals.length === 1 ? signals[0]! : AbortSignal.any(signals);
    const ctx: ToolContext<unknown> = {
      signal,
      callId: `${this.#options.callIdPrefix}/${name}#${n}`,
      runContext: this.#options.runContext,
    };
    let output: unknown;
    try {
      output = await untilAborted(Promise.resolve(tool.execute(parsed.data, ctx)), signal);
    } catch (err) {
      if (signal.aborted && !this.#controller.signal.aborted) {
        return fail(`tools.${name} timed out after ${tool.timeoutMs} ms.`);
      }
      return fail(`tools.${name} failed: ${describe(err)}`);
    }
    return this.#encode(name, output);
  }

  /** Ends the run: aborts tool calls in flight; later calls are refused. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#detach?.();
    this.#controller.abort(new Error("The run has ended."));
  }

  #encode(name: string, output: unknown): ToolAnswer {
    let answer: ToolAnswer;
    if (typeof output === "string") answer = { kind: "s", payload: output };
    else {
      let json: string | undefined;
      try {
        json = JSON.stringify(output);
      } catch (err) {
        return fail(`tools.${name} returned a value that is not JSON-serializable: ${describe(err)}`);
      }
      answer = { kind: "j", payload: json ?? "null" };
    }
    if (answer.payload.length > this.#limits.maxToolResultChars) {
      return fail(
        `tools.${name} returned ${answer.payload.length} characters; the limit is ${this.#limits.maxToolResultChars}.`,
      );
    }
    return answer;
  }
}

function fail(message: string): ToolAnswer {
  return { kind: "e", payload: message };
}

/** `name: message` of an error, never its stack (host paths stay on the host). */
function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

/** Settles with `promise`, or rejects as soon as `signal` aborts (a tool ignoring it cannot hold on). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
