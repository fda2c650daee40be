/**
 * @module code-mode/dispatcher — the one door from sandboxed code to the host: `await tools.name(args)`.
 *
 * Strings in, strings out. The isolate sends a tool name and the JSON text of the arguments; the
 * dispatcher (in the parent process, which trusts neither the code nor the worker running it)
 * counts the call, checks the name and size, validates the arguments with the tool's own schema,
 * runs the tool under its timeout and the run's signal, and sends back the result as text, capped
 * in size. Errors go back as a message the code can catch — never a host stack.
 */
import type { AnyFunctionTool, ToolContext } from "@openloop/core";
import { OpenloopError } from "@openloop/protocol";

/**
 * A tool code can call: any `FunctionTool` (from core's `tool()`) fits. Only these members are used.
 */
export type SandboxTool = Pick<
  AnyFunctionTool,
  "name" | "description" | "parseArguments" | "execute" | "timeoutMs"
> & {
  /** A call that needs approval is refused in code (code cannot pause for a human). */
  readonly needsApproval?: AnyFunctionTool["needsApproval"];
};

/**
 * The answer sent back to the isolate: a string (`s`), JSON text (`j`), `undefined` (`u`, for a
 * tool that returned nothing) or an error message (`e`).
 */
export interface ToolAnswer {
  kind: "s" | "j" | "u" | "e";
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
    let parsed: Awaited<ReturnType<SandboxTool["parseArguments"]>>;
    try {
      parsed = await tool.parseArguments(args);
    } catch (err) {
      return fail(`tools.${name}: invalid arguments: ${describe(err)}`); // the contract says it must not throw
    }
    if (!parsed.success) return fail(`tools.${name}: invalid arguments: ${parsed.error}`);
    // Code cannot pause for a human: a call that needs approval is refused, never run unapproved.
    const callId = `${this.#options.callIdPrefix}/${name}#${n}`;
    let needsApproval: boolean;
    try {
      needsApproval =
        typeof tool.needsApproval === "function"
          ? await tool.needsApproval(parsed.data, { callId, runContext: this.#options.runContext })
          : tool.needsApproval === true;
    } catch (err) {
      return fail(`tools.${name} failed: ${describe(err)}`);
    }
    if (needsApproval) {
      return fail(
        `tools.${name} needs a human's approval, which code cannot ask for: call it directly instead.`,
      );
    }

    // The tool's own timeout aborts its signal with a `tool_timeout` error, as the loop's does.
    const timeout = tool.timeoutMs;
    const callSignal = new AbortController();
    const onRunAbort = () => callSignal.abort(this.#controller.signal.reason);
    this.#controller.signal.addEventListener("abort", onRunAbort, { once: true });
    const timer =
      timeout !== undefined && Number.isFinite(timeout)
        ? setTimeout(
            () =>
              callSignal.abort(
                new OpenloopError("tool_timeout", `tools.${name} timed out after ${timeout} ms.`),
              ),
            timeout,
          )
        : undefined;
    const signal = callSignal.signal;
    const ctx: ToolContext<unknown> = {
      signal,
      callId,
      runContext: this.#options.runContext,
    };
    let output: unknown;
    try {
      output = await untilAborted(Promise.resolve(tool.execute(parsed.data, ctx)), signal);
    } catch (err) {
      if (OpenloopError.is(signal.reason, "tool_timeout")) return fail(signal.reason.message);
      return fail(`tools.${name} failed: ${describe(err)}`);
    } finally {
      clearTimeout(timer);
      this.#controller.signal.removeEventListener("abort", onRunAbort);
    }
    return this.#encode(name, output);
  }

  /** Ends the run: aborts tool calls in flight; later calls are refused. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#detach?.();
    this.#controller.abort(new OpenloopError("aborted", "The run has ended."));
  }

  #encode(name: string, output: unknown): ToolAnswer {
    let answer: ToolAnswer;
    if (output === undefined) return { kind: "u", payload: "" };
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

/**
 * `name: message` of an error, never its stack (host paths stay on the host). Total: a tool may
 * throw anything (`Object.create(null)`, an error with a throwing `message` getter), and a throw
 * here would lose the call's answer and reject where nobody listens.
 */
function describe(err: unknown): string {
  try {
    if (err instanceof Error) return `${err.name}: ${err.message}`;
    return String(err);
  } catch {
    return "(an error that cannot be shown)";
  }
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
