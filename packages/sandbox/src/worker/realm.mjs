// @ts-check
/**
 * @module worker/realm — one isolate with one context, bootstrapped and ready to run cells.
 *
 * Plain JavaScript so `child_process.fork` can load it from `src/` and from `dist/` alike, with no
 * TypeScript transform in the child.
 *
 * What crosses into the isolate: four scripts of ours (harden.js, inspect.js, capture.js, bootstrap.js) and one
 * isolated-vm `Callback` (`hostCall`), which reaches user code as a plain function of the isolate
 * that copies strings out. No `Reference` to any object of this process is ever handed in: a
 * Reference is a capability (through it, code could walk to `process`).
 */
import { readFileSync } from "node:fs";
import ivm from "isolated-vm";

const HARDEN_SOURCE = readFileSync(new URL("../isolate/harden.js", import.meta.url), "utf8");
const INSPECT_SOURCE = readFileSync(new URL("../isolate/inspect.js", import.meta.url), "utf8");
const CAPTURE_SOURCE = readFileSync(new URL("../isolate/capture.js", import.meta.url), "utf8");
const BOOTSTRAP_SOURCE = readFileSync(new URL("../isolate/bootstrap.js", import.meta.url), "utf8");
const SETUP_TIMEOUT_MS = 2000;

/**
 * @typedef {(kind: string, a: unknown, b: unknown, c: unknown) => void} HostCallHandler
 * @typedef {{
 *   isolate: import("isolated-vm").Isolate,
 *   context: import("isolated-vm").Context,
 *   start: import("isolated-vm").Reference<(config: string, cell: unknown) => void>,
 *   deliver: import("isolated-vm").Reference<(id: number, kind: string, payload: string) => void>,
 *   collect: import("isolated-vm").Reference<(token: string) => string>,
 *   onHostCall: HostCallHandler | null,
 *   cells: number,
 * }} Realm
 */

/**
 * Creates and bootstraps a realm. `onCatastrophic` is isolated-vm's last-resort callback: V8 has
 * lost control of the isolate and the process must end (it hangs otherwise).
 * @param {{ memoryMb: number, onCatastrophic: (message: string) => void }} options
 * @returns {Promise<Realm>}
 */
export async function createRealm({ memoryMb, onCatastrophic }) {
  const isolate = new ivm.Isolate({ memoryLimit: memoryMb, onCatastrophicError: onCatastrophic });
  try {
    const context = await isolate.createContext();
    (await runSetupScript(isolate, context, HARDEN_SOURCE, "openloop:harden")).release();
    const makeInspect = await runSetupScript(isolate, context, INSPECT_SOURCE, "openloop:inspect");
    const makeCapture = await runSetupScript(isolate, context, CAPTURE_SOURCE, "openloop:capture");
    const bootstrap = await runSetupScript(isolate, context, BOOTSTRAP_SOURCE, "openloop:bootstrap");
    /** @type {Realm} */
    const realm = /** @type {any} */ ({ isolate, context, onHostCall: null, cells: 0 });
    const hostCall = new ivm.Callback(
      /** @param {string} kind @param {unknown} a @param {unknown} b @param {unknown} c */
      (kind, a, b, c) => realm.onHostCall?.(kind, a, b, c),
      { ignored: true },
    );
    const factories = [makeInspect.derefInto({ release: true }), makeCapture.derefInto({ release: true })];
    const api = await bootstrap.apply(undefined, [hostCall, ...factories], {
      result: { reference: true },
      timeout: SETUP_TIMEOUT_MS,
    });
    bootstrap.release();
    realm.start = await api.get("start", { reference: true });
    realm.deliver = await api.get("deliver", { reference: true });
    realm.collect = await api.get("collect", { reference: true });
    api.release();
    return realm;
  } catch (err) {
    disposeIsolate(isolate);
    throw err;
  }
}

/** Disposes the realm's isolate if it is still alive. @param {Realm} realm */
export function disposeRealm(realm) {
  realm.onHostCall = null;
  disposeIsolate(realm.isolate);
}

/** @param {import("isolated-vm").Isolate} isolate */
function disposeIsolate(isolate) {
  try {
    if (!isolate.isDisposed) isolate.dispose();
  } catch {
    // Already disposed (e.g. by the memory limit) between the check and the call.
  }
}

/**
 * @param {import("isolated-vm").Isolate} isolate
 * @param {import("isolated-vm").Context} context
 * @param {string} source
 * @param {string} filename
 */
async function runSetupScript(isolate, context, source, filename) {
  const script = await isolate.compileScript(source, { filename });
  try {
    return await script.run(context, { reference: true, timeout: SETUP_TIMEOUT_MS });
  } finally {
    script.release();
  }
}
