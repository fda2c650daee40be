// @ts-check
/**
 * @module worker/main — entry point of a sandbox worker process (forked by the parent's pool).
 *
 * One run at a time; sessions keep their realm (isolate + context) between runs. Messages are the
 * ones described in `../pool/messages.ts`. The process is disposable: the parent kills it at
 * deadline + grace or past its RSS cap, and it kills itself on a catastrophic isolate error
 * (after which V8 would hang the process forever).
 */
import { writeSync } from "node:fs";
import { createRealm, disposeRealm } from "./realm.mjs";
import { deliver, interrupt, startRun } from "./run-cell.mjs";

const MEMORY_MB = Number(process.argv.find((a) => a.startsWith("--memory-mb="))?.slice(12) ?? 64);

/** @type {Map<string, import("./realm.mjs").Realm>} */
const sessions = new Map();
/**
 * A realm made ahead of time while the worker is idle, so a run does not wait for an isolate to be
 * created and bootstrapped (about half the cost of a warm run).
 * @type {Promise<import("./realm.mjs").Realm> | null}
 */
let spare = null;

function prepareSpare() {
  if (spare !== null) return;
  const next = createRealm({ memoryMb: MEMORY_MB, onCatastrophic });
  spare = next;
  next.catch(() => {
    if (spare === next) spare = null;
  });
}

/** The spare realm if there is one (it is never shared), a new one otherwise. */
async function takeRealm() {
  const ready = spare;
  spare = null;
  if (ready !== null) {
    try {
      return await ready;
    } catch {
      // Creating it failed; try once more below, and report that failure if it recurs.
    }
  }
  return createRealm({ memoryMb: MEMORY_MB, onCatastrophic });
}
/** @type {import("./run-cell.mjs").Run | null} */
let current = null;
/**
 * The session of the run being handled, from its first moment (before its realm exists), and
 * whether the parent dropped it meanwhile: its realm is then disposed when the run ends.
 * @type {{ session: string | null, dropped: boolean }}
 */
let active = { session: null, dropped: false };

/** @param {Record<string, unknown>} message */
function send(message) {
  try {
    process.send?.(message);
  } catch {
    process.kill(process.pid, "SIGKILL"); // the parent is gone (see the "disconnect" handler)
  }
}

/** @param {string} message */
function onCatastrophic(message) {
  try {
    writeSync(2, `openloop-sandbox: catastrophic isolate error: ${message}\n`);
  } catch {}
  // process.exit() hangs after a catastrophic error; only a signal ends the process for sure.
  process.kill(process.pid, "SIGKILL");
}

/** @param {import("./run-cell.mjs").RunMessage} msg */
async function handleRun(msg) {
  active = { session: msg.session, dropped: false };
  let realm = msg.session === null ? undefined : sessions.get(msg.session);
  const fresh = realm === undefined;
  try {
    realm ??= await takeRealm();
  } catch (err) {
    send({
      t: "done",
      id: msg.id,
      status: "crashed",
      stdout: "",
      stderr: "",
      truncated: { stdout: false, stderr: false, result: false },
      result: null,
      error: { name: "SandboxError", message: `Could not create an isolate: ${String(err)}`, stack: null },
      stateLost: true,
      fresh,
      cpuMs: null,
      heapBytes: null,
    });
    return;
  }
  if (msg.session !== null) sessions.set(msg.session, realm);
  realm.cells++;
  const cpuBefore = realm.isolate.cpuTime;
  const { run, done } = startRun(realm, msg, (call, name, args) =>
    send({ t: "tool-call", id: msg.id, call, name, args }),
  );
  current = run;
  const outcome = await done;
  current = null;
  let cpuMs = null;
  let heapBytes = null;
  if (!realm.isolate.isDisposed) {
    try {
      cpuMs = Number(realm.isolate.cpuTime - cpuBefore) / 1e6;
      const heap = realm.isolate.getHeapStatisticsSync(); // the isolate is idle: no wait
      heapBytes = heap.used_heap_size + heap.externally_allocated_size;
    } catch {}
  }
  // A session dropped while its cell ran (see "drop-session") is disposed now.
  if (msg.session === null || outcome.stateLost || active.dropped) {
    disposeRealm(realm);
    if (msg.session !== null) sessions.delete(msg.session);
  }
  active = { session: null, dropped: false };
  send({ t: "done", id: msg.id, ...outcome, fresh, cpuMs, heapBytes });
  setImmediate(prepareSpare);
}

process.on("message", (/** @type {any} */ msg) => {
  if (msg === null || typeof msg !== "object") return;
  switch (msg.t) {
    case "run":
      void handleRun(msg);
      break;
    case "tool-result":
      if (current !== null && current.id === msg.id) deliver(current, msg.call, msg.kind, msg.payload);
      break;
    case "cancel":
      if (current !== null && current.id === msg.id) void interrupt(current, "aborted");
      break;
    case "drop-session": {
      const realm = sessions.get(msg.session);
      sessions.delete(msg.session);
      // The realm of the run in progress is disposed when the run ends (see handleRun).
      if (msg.session === active.session) active.dropped = true;
      else if (realm !== undefined) disposeRealm(realm);
      break;
    }
    case "exit":
      for (const realm of sessions.values()) disposeRealm(realm);
      void spare?.then(disposeRealm, () => {});
      process.exit(0);
      break;
    default:
      break;
  }
});

// The parent went away (closed, crashed or killed): nothing is left to serve. Not process.exit():
// it waits for an isolate still running code, which would burn a core until the run's deadline
// with nobody left to read its result.
process.on("disconnect", () => process.kill(process.pid, "SIGKILL"));

if (process.argv.includes("--rss-heartbeat")) {
  setInterval(() => send({ t: "rss", rss: process.memoryUsage.rss() }), 200).unref();
}

send({ t: "ready", pid: process.pid });
prepareSpare();
