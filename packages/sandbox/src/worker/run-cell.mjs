// @ts-check
/**
 * @module worker/run-cell — one run of one cell in a realm, from `start` to a settled outcome.
 *
 * The deadline is wall-clock and covers everything: every entry into the isolate carries
 * isolated-vm's `timeout` (which only counts time spent executing), and a timer fires at the
 * deadline for the time spent waiting (awaited promises, tool calls). On timeout or abort the run
 * collects the output captured so far; a realm that does not answer within a moment is disposed.
 */
import { transformCell } from "./cell-transform.mjs";
import { disposeRealm } from "./realm.mjs";

/** How long an interrupted realm gets to hand over its captured output before it is disposed. */
const COLLECT_WAIT_MS = 250;

/**
 * @typedef {import("./realm.mjs").Realm} Realm
 * @typedef {{
 *   t: "run", id: string, code: string, filename: string, session: string | null,
 *   timeoutMs: number, config: string,
 * }} RunMessage
 * @typedef {{
 *   status: "ok" | "error" | "timeout" | "oom" | "crashed" | "aborted",
 *   stdout: string, stderr: string,
 *   truncated: { stdout: boolean, stderr: boolean, result: boolean },
 *   result: { json: string | null, preview: string, type: string } | null,
 *   error: { name: string, message: string, stack: string | null } | null,
 *   stateLost: boolean,
 * }} Outcome
 * @typedef {{
 *   id: string, realm: Realm, session: string | null, timeoutMs: number, deadline: number,
 *   settled: boolean, interrupting: string | null, resolve: (o: Outcome) => void,
 *   entered: number, reported: Outcome | null,
 * }} Run
 */

/**
 * Runs one cell. `forwardToolCall` sends a tool call of this run to the parent.
 * @param {Realm} realm
 * @param {RunMessage} msg
 * @param {(call: number, name: string, args: string) => void} forwardToolCall
 * @returns {{ run: Run, done: Promise<Outcome> }}
 */
export function startRun(realm, msg, forwardToolCall) {
  /** @type {(o: Outcome) => void} */
  let resolve = () => {};
  /** @type {Promise<Outcome>} */
  const done = new Promise((r) => {
    resolve = r;
  });
  /** @type {Run} */
  const run = {
    id: msg.id,
    realm,
    session: msg.session,
    timeoutMs: msg.timeoutMs,
    deadline: performance.now() + msg.timeoutMs,
    settled: false,
    interrupting: null,
    resolve,
    entered: 0,
    reported: null,
  };
  realm.onHostCall = (kind, a, b, c) => {
    if (run.settled || run.interrupting) return;
    if (kind === "done" && a === run.id) {
      // While a call into the isolate is still returning, it may yet fail with an unhandled
      // rejection of the same task: hold the outcome until it has returned.
      if (run.entered > 0) run.reported = parseOutcome(String(b));
      else settle(run, parseOutcome(String(b)));
    } else if (kind === "tool") forwardToolCall(Number(a), String(b), String(c));
  };
  const timer = setTimeout(() => void interrupt(run, "timeout"), msg.timeoutMs);
  done.then(() => clearTimeout(timer));
  void execute(run, msg);
  return { run, done };
}

/** @param {Run} run @param {RunMessage} msg */
async function execute(run, msg) {
  const { realm } = run;
  const cell = transformCell(msg.code);
  if (!cell.ok)
    return settle(run, { ...emptyOutcome("error", false), error: { ...cell.error, stack: null } });
  let script;
  try {
    // Line offset -1: the wrapper's head is the script's first line (see cell-transform).
    script = await realm.isolate.compileScript(cell.code, { filename: msg.filename, lineOffset: -1 });
  } catch (err) {
    // Code acorn accepted but V8 does not: a user error, like any syntax error.
    const message = errorText(err).replace(/^SyntaxError: /, "");
    return settle(run, {
      ...emptyOutcome("error", false),
      error: { name: "SyntaxError", message, stack: null },
    });
  }
  await enter(run, async () => {
    // Evaluating the script only declares the cell's globals and yields its async function.
    const cell = await script.run(realm.context, { reference: true, timeout: remaining(run) });
    // The bootstrap calls the function and attaches its handlers in the same task: isolated-vm
    // reports a rejection still unhandled at the end of a task as an error of the call.
    const args = [msg.config, cell.derefInto({ release: true })];
    await realm.start.apply(undefined, args, { timeout: remaining(run) });
  });
  script.release();
}

/**
 * Makes a call into the isolate. Its failure (time, memory, an unhandled rejection) decides the
 * run; an outcome the code reported meanwhile counts only once the call has returned cleanly.
 * @param {Run} run @param {() => Promise<void>} call
 */
async function enter(run, call) {
  run.entered++;
  try {
    await call();
  } catch (err) {
    run.entered--;
    run.reported = null;
    return fail(run, err);
  }
  run.entered--;
  if (run.entered === 0 && run.reported !== null) settle(run, run.reported);
}

/**
 * Hands a tool result to the isolate; the code waiting for it continues under the deadline.
 * @param {Run} run @param {number} call @param {string} kind @param {string} payload
 */
export function deliver(run, call, kind, payload) {
  if (run.settled || run.interrupting) return;
  void enter(run, async () => {
    await run.realm.deliver.apply(undefined, [call, kind, payload], { timeout: remaining(run) });
  });
}

/**
 * Ends a run that has not finished: collects its output, disposes the realm if it does not answer.
 * @param {Run} run @param {"timeout" | "aborted"} reason
 */
export function interrupt(run, reason) {
  const error =
    reason === "timeout"
      ? {
          name: "TimeoutError",
          message: `Execution exceeded the ${run.timeoutMs} ms time limit.`,
          stack: null,
        }
      : { name: "AbortError", message: "The run was aborted.", stack: null };
  return stop(run, reason, error);
}

/**
 * Settles a run with `status` and the output captured so far. A realm that does not hand over its
 * output within a moment is stuck (or gone): its state cannot be trusted, and it is disposed.
 * @param {Run} run @param {Outcome["status"]} status @param {Outcome["error"]} error
 */
async function stop(run, status, error) {
  if (run.settled || run.interrupting) return;
  run.interrupting = status;
  const { realm } = run;
  /** @type {{ stdout: string, stderr: string, truncated: { stdout: boolean, stderr: boolean } } | null} */
  let collected = null;
  if (!realm.isolate.isDisposed) {
    const answer = realm.collect
      .apply(undefined, [run.id], { timeout: COLLECT_WAIT_MS })
      .then((json) => JSON.parse(String(json)))
      .catch(() => null);
    let timer;
    const late = new Promise((r) => {
      timer = setTimeout(() => r(null), COLLECT_WAIT_MS);
    });
    collected = await Promise.race([answer, late]);
    clearTimeout(timer);
  }
  settle(run, {
    status,
    stdout: collected?.stdout ?? "",
    stderr: collected?.stderr ?? "",
    truncated: {
      stdout: !!collected?.truncated.stdout,
      stderr: !!collected?.truncated.stderr,
      result: false,
    },
    result: null,
    error,
    stateLost: collected === null || realm.isolate.isDisposed,
  });
}

/**
 * Classifies an error thrown by an isolated-vm call: its own failures (time, memory, disposal), or
 * a value user code let escape as an unhandled promise rejection — which ends the run with that
 * error, as it would end a Node.js program.
 * @param {Run} run @param {unknown} err
 */
function fail(run, err) {
  if (run.settled || run.interrupting) return;
  const text = errorText(err);
  if (text === "Script execution timed out.") return void interrupt(run, "timeout");
  if (/^Isolate was disposed during execution due to memory limit/.test(text)) {
    return settle(run, {
      ...emptyOutcome("oom", true),
      error: { name: "MemoryLimitError", message: "Execution exceeded the memory limit.", stack: null },
    });
  }
  if (/^(Isolate (is|was) disposed|Reference has been released)/.test(text) || run.realm.isolate.isDisposed) {
    return settle(run, {
      ...emptyOutcome("crashed", true),
      error: { name: "SandboxError", message: `The sandbox failed: ${text}`, stack: null },
    });
  }
  const name = err instanceof Error ? err.name : "Uncaught";
  void stop(run, "error", {
    name,
    message: `${text} (unhandled promise rejection)`,
    stack: err instanceof Error && typeof err.stack === "string" ? isolateFrames(err.stack) : null,
  });
}

/**
 * Keeps the user's frames: those above isolated-vm's boundary marker (the rest are this process's
 * own), minus the sandbox's machinery — as the bootstrap does for errors it reports itself.
 * @param {string} stack
 */
function isolateFrames(stack) {
  const cut = stack.indexOf("    at (<isolated-vm boundary>)");
  return (cut === -1 ? stack : stack.slice(0, cut))
    .split("\n")
    .filter((line) => !/\(openloop:|at openloop:|<isolated-vm>/.test(line))
    .join("\n")
    .trimEnd();
}

/** @param {Run} run @param {Outcome} outcome */
function settle(run, outcome) {
  if (run.settled) return;
  run.settled = true;
  if (outcome.stateLost) disposeRealm(run.realm);
  run.resolve(outcome);
}

/** @param {string} json @returns {Outcome} */
function parseOutcome(json) {
  const o = JSON.parse(json);
  return {
    status: o.ok ? "ok" : "error",
    stdout: o.stdout,
    stderr: o.stderr,
    truncated: o.truncated,
    result: o.result,
    error: o.error,
    stateLost: false,
  };
}

/** @param {Outcome["status"]} status @param {boolean} stateLost @returns {Outcome} */
function emptyOutcome(status, stateLost) {
  return {
    status,
    stdout: "",
    stderr: "",
    truncated: { stdout: false, stderr: false, result: false },
    result: null,
    error: null,
    stateLost,
  };
}

/** Milliseconds left before the deadline (at least 1: isolated-vm treats 0 as "no timeout"). */
/** @param {Run} run */
function remaining(run) {
  return Math.max(1, Math.floor(run.deadline - performance.now()));
}

/** @param {unknown} err */
function errorText(err) {
  return err instanceof Error ? err.message : String(err);
}
