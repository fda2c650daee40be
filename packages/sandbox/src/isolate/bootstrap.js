// Runs INSIDE the isolate (plain ECMAScript, no Node APIs), once per isolate, before any user code.
// Its completion value is the setup function below; the worker calls it with:
//   hostCall(kind, a, b, c) — the only way out: an isolated-vm Callback that copies its string
//     arguments to the worker and returns nothing ("tool", callId, name, argsJson) or
//     ("done", runToken, outcomeJson). It is a plain function of this isolate: no host object,
//     constructor or prototype is reachable through it.
//   makeInspect, makeCapture — the factories from inspect.js and capture.js.
// and gets back three functions the worker holds by reference (user code cannot reach them):
//   start(config, cell) — start a run (reset output buffers, tool-call counter and limits from the
//                        config JSON), call the cell's async function, and report its outcome
//                        with hostCall("done", …);
//   deliver(id, kind, payload) — settle a tool call ("s" string, "j" JSON text, "u" undefined,
//                        "e" error text);
//   collect(token)     — end the run now and return the output captured so far (on timeout/abort).
//
// Every built-in used after setup is saved here first ("primordials"), so user code that
// replaces JSON.stringify, Array.prototype.push, String.prototype.slice… cannot break capture.
(function openloopBootstrap(hostCall, makeInspect, makeCapture) {
  // Strict mode hides this code from user code: V8's CallSite.getFunction()/getThis() (reachable
  // through Error.prepareStackTrace) and Function.prototype.caller return nothing for the frames
  // of strict functions. Sloppy, they handed out `start` itself, and with it a run of the code's
  // own choosing: its own limits, its own outcome. (Biome takes this file for a module, where the
  // directive would be redundant; the isolate runs it as a script.)
  // biome-ignore lint/suspicious/noRedundantUseStrict: a script, not a module (see above)
  "use strict";
  const g = globalThis;
  const R = Reflect;
  const apply = R.apply; // read once: user code may replace Reflect.apply
  const uncurry =
    (fn) =>
    (self, ...args) =>
      apply(fn, self, args);
  const getter = (proto, key) => R.getOwnPropertyDescriptor(proto, key).get;
  const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
  const P = Object.freeze({
    ReflectApply: apply,
    ObjectFreeze: Object.freeze,
    ObjectKeys: Object.keys,
    ObjectIs: Object.is,
    ObjectGetPrototypeOf: Object.getPrototypeOf,
    ObjectGetOwnPropertyDescriptor: Object.getOwnPropertyDescriptor,
    ObjectToString: uncurry(Object.prototype.toString),
    ArrayIsArray: Array.isArray,
    JSONStringify: JSON.stringify,
    JSONParse: JSON.parse,
    String,
    StringSlice: uncurry(String.prototype.slice),
    StringCharCodeAt: uncurry(String.prototype.charCodeAt),
    StringIndexOf: uncurry(String.prototype.indexOf),
    StringFromCharCode: String.fromCharCode,
    NumberIsFinite: Number.isFinite,
    NumberIsNaN: Number.isNaN,
    MathMin: Math.min,
    NumberToString: uncurry(Number.prototype.toString),
    SymbolToString: uncurry(Symbol.prototype.toString),
    FunctionToString: uncurry(Function.prototype.toString),
    DateGetTime: Date.prototype.getTime,
    DateToISOString: Date.prototype.toISOString,
    Set,
    SetHas: uncurry(Set.prototype.has),
    SetAdd: uncurry(Set.prototype.add),
    SetDelete: uncurry(Set.prototype.delete),
    SetSize: getter(Set.prototype, "size"),
    SetValues: Set.prototype.values,
    SetIteratorNext: Object.getPrototypeOf(new Set().values()).next,
    MapSize: getter(Map.prototype, "size"),
    MapEntries: Map.prototype.entries,
    MapIteratorNext: Object.getPrototypeOf(new Map().entries()).next,
    TypedArrayLength: getter(TypedArrayPrototype, "length"),
  });
  const Map_ = Map;
  const MapGet = uncurry(Map.prototype.get);
  const MapSet = uncurry(Map.prototype.set);
  const MapDelete = uncurry(Map.prototype.delete);
  const MapClear = uncurry(Map.prototype.clear);
  const Promise_ = Promise;
  const PromiseThen = uncurry(Promise.prototype.then);
  const Error_ = Error;
  const Proxy_ = Proxy;
  const defineProperty = R.defineProperty;
  const { inspect, toJSONText, hugeString, safeString, tagOf } = makeInspect(P);

  /** An Error of this isolate with own `name`/`message` (no setters of user code involved). */
  const makeError = (name, message) => {
    const e = new Error_(message);
    defineProperty(e, "name", { value: name, writable: true, configurable: true, enumerable: false });
    return e;
  };

  // ---- per-run state -------------------------------------------------------------------------
  let run = null; // { token, limits, out, err, calls, ended }
  let nextCallId = 0;
  const pending = new Map_(); // callId -> { resolve, reject, token }

  const { makeBuffer, consoleObject } = makeCapture(P, inspect, hugeString, () => run);
  defineProperty(g, "console", { value: consoleObject, writable: true, configurable: true });

  // ---- tools ---------------------------------------------------------------------------------
  const callTool = (name, args) =>
    new Promise_((resolve, reject) => {
      const current = run;
      if (current === null || current.ended) return reject(makeError("ToolError", "The run has ended."));
      if (current.calls >= current.limits.maxToolCalls) {
        return reject(
          makeError(
            "ToolError",
            `Tool call limit reached: at most ${current.limits.maxToolCalls} calls per run.`,
          ),
        );
      }
      let json;
      try {
        json = args === undefined ? "{}" : P.JSONStringify(args);
      } catch (e) {
        return reject(
          makeError(
            "TypeError",
            `tools.${name}: arguments are not JSON-serializable (${safeString(e?.message)})`,
          ),
        );
      }
      if (typeof json !== "string") {
        return reject(
          makeError("TypeError", `tools.${name}: arguments must be a JSON value, got ${typeof args}`),
        );
      }
      if (json.length > current.limits.maxToolArgsChars) {
        return reject(
          makeError(
            "ToolError",
            `tools.${name}: arguments are ${json.length} characters of JSON; the limit is ${current.limits.maxToolArgsChars}.`,
          ),
        );
      }
      current.calls++;
      const id = ++nextCallId;
      MapSet(pending, id, { resolve, reject, token: current.token });
      hostCall("tool", id, name, json);
    });
  const joinNames = (list) => {
    let out = "";
    for (let i = 0; i < list.length; i++) out += i === 0 ? list[i] : `, ${list[i]}`;
    return out;
  };
  const callers = new Map_();
  const callerFor = (name) => {
    let fn = MapGet(callers, name);
    if (fn === undefined) {
      const known = run !== null && MapGet(run.tools, name) === true;
      fn = known
        ? (args) => callTool(name, args)
        : () => {
            const list = run?.toolList.length ? joinNames(run.toolList) : "(none)";
            const error = makeError("ToolError", `Unknown tool \`${name}\`. Available tools: ${list}.`);
            return new Promise_((_resolve, reject) => reject(error));
          };
      defineProperty(fn, "name", { value: name, configurable: true }); // `[Function: get_price]` in a log
      if (known) MapSet(callers, name, fn);
    }
    return fn;
  };
  // Names JavaScript reads on its own (JSON.stringify, String(), template literals, `await`): unless
  // a tool has that name, `tools` has no such member, so `JSON.stringify(tools)` does not call an
  // unknown tool and fail the run with its rejection.
  const implicit = (key) =>
    (key === "then" || key === "toJSON" || key === "toString" || key === "valueOf") &&
    !(run !== null && MapGet(run.tools, key) === true);
  const toolNames = () => (run ? run.toolList : []);
  const tools = new Proxy_(Object.create(null), {
    get: (_t, key) => (typeof key !== "string" || implicit(key) ? undefined : callerFor(key)),
    has: (_t, key) => typeof key === "string" && run !== null && MapGet(run.tools, key) === true,
    ownKeys: () => toolNames(),
    getOwnPropertyDescriptor: (_t, key) =>
      typeof key === "string" && run !== null && MapGet(run.tools, key) === true
        ? { value: callerFor(key), enumerable: true, configurable: true, writable: false }
        : undefined,
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
    setPrototypeOf: () => false,
  });
  defineProperty(g, "tools", { value: tools, writable: true, configurable: true });

  // ---- outcome -------------------------------------------------------------------------------
  const clip = (s, n) => {
    if (s.length > (run ? run.limits.hugeStringChars : 1 << 20)) return hugeString(s);
    return s.length > n ? `${P.StringSlice(s, 0, n)}… [${s.length - n} more characters]` : s;
  };
  // Frames of the sandbox's own machinery say nothing useful about the user's code: drop them.
  const isMachinery = (line) =>
    P.StringIndexOf(line, "(openloop:") !== -1 ||
    P.StringIndexOf(line, "at openloop:") !== -1 ||
    P.StringIndexOf(line, "<isolated-vm>") !== -1;
  const cleanStack = (stack) => {
    let out = "";
    let at = 0;
    while (at <= stack.length) {
      let end = P.StringIndexOf(stack, "\n", at);
      if (end === -1) end = stack.length;
      const line = P.StringSlice(stack, at, end);
      if (!isMachinery(line)) out += out === "" ? line : `\n${line}`;
      at = end + 1;
    }
    return out;
  };
  /** Reads a property that may be a throwing getter (or a throwing Error.prepareStackTrace). */
  const read = (o, key) => {
    try {
      return o[key];
    } catch {
      return undefined;
    }
  };
  const describeError = (e) => {
    if (e !== null && typeof e === "object" && tagOf(e) === "[object Error]") {
      const stack = read(e, "stack");
      return {
        name: clip(safeString(read(e, "name")), 200),
        message: clip(safeString(read(e, "message")), 8192),
        stack: typeof stack === "string" ? clip(cleanStack(clip(stack, 16384)), 8192) : null,
      };
    }
    return { name: "Uncaught", message: inspect(e, 8192, 2, run.limits.hugeStringChars), stack: null };
  };
  const typeName = (v) => (v === null ? "null" : P.ArrayIsArray(v) ? "array" : typeof v);
  // Outcomes are encoded by hand: JSON.stringify of an object would consult a user-defined
  // Object.prototype.toJSON. Only strings (which never do) go through the saved JSON.stringify.
  const str = (s) => (s === null ? "null" : P.JSONStringify(s));
  const encodeOutput = (r) => {
    const out = r.out.read();
    const err = r.err.read();
    return {
      fields: `"stdout":${str(out.text)},"stderr":${str(err.text)}`,
      stdoutTruncated: out.truncated,
      stderrTruncated: err.truncated,
    };
  };
  const encodeOutcome = (r, ok, value) => {
    const o = encodeOutput(r);
    let result = "null";
    let error = "null";
    let resultTruncated = false;
    if (ok && value !== undefined) {
      const j = toJSONText(value, r.limits.maxResultChars);
      resultTruncated = j.truncated;
      const preview = inspect(value, r.limits.maxResultChars, 3, r.limits.hugeStringChars);
      result = `{"json":${str(j.json)},"preview":${str(preview)},"type":${str(typeName(value))}}`;
    } else if (!ok) {
      const e = describeError(value);
      error = `{"name":${str(e.name)},"message":${str(e.message)},"stack":${str(e.stack)}}`;
    }
    return (
      `{"ok":${ok},"result":${result},"error":${error},${o.fields},` +
      `"truncated":{"stdout":${o.stdoutTruncated},"stderr":${o.stderrTruncated},"result":${resultTruncated}}}`
    );
  };
  const finish = (r, ok, value) => {
    if (r.ended) return;
    r.ended = true;
    let outcome;
    try {
      outcome = encodeOutcome(r, ok, value);
    } catch (e) {
      const message = `Could not capture the outcome: ${safeString(e?.message)}`;
      outcome =
        `{"ok":false,"result":null,"error":{"name":"SandboxError","message":${str(message)},"stack":null},` +
        `"stdout":"","stderr":"","truncated":{"stdout":false,"stderr":false,"result":false}}`;
    }
    hostCall("done", r.token, outcome);
  };

  // ---- the worker's handles ------------------------------------------------------------------
  const start = (configJson, cell) => {
    const c = P.JSONParse(configJson);
    MapClear(pending); // calls of earlier, abandoned cells never settle: let them be collected
    const toolMap = new Map_();
    for (let i = 0; i < c.tools.length; i++) MapSet(toolMap, c.tools[i], true);
    MapClear(callers);
    run = {
      token: c.token,
      limits: c.limits,
      tools: toolMap,
      toolList: P.ObjectFreeze(c.tools),
      out: makeBuffer(c.limits.maxOutputChars),
      err: makeBuffer(c.limits.maxOutputChars),
      calls: 0,
      ended: false,
    };
    const r = run;
    let promise;
    try {
      promise = cell();
    } catch (e) {
      return finish(r, false, e); // cannot happen for an async function, but cheap to be sure
    }
    PromiseThen(
      promise,
      (v) => finish(r, true, v),
      (e) => finish(r, false, e),
    );
  };
  const deliver = (id, kind, payload) => {
    const p = MapGet(pending, id);
    if (p === undefined || run === null || p.token !== run.token || run.ended) return;
    MapDelete(pending, id);
    if (kind === "s") p.resolve(payload);
    else if (kind === "u") p.resolve(undefined);
    else if (kind === "j") {
      let v;
      try {
        v = P.JSONParse(payload);
      } catch {
        return p.reject(makeError("ToolError", "The tool returned malformed JSON."));
      }
      p.resolve(v);
    } else p.reject(makeError("ToolError", payload));
  };
  const collect = (token) => {
    if (run === null || run.token !== token) {
      return '{"stdout":"","stderr":"","truncated":{"stdout":false,"stderr":false}}';
    }
    run.ended = true;
    const o = encodeOutput(run);
    return `{${o.fields},"truncated":{"stdout":${o.stdoutTruncated},"stderr":${o.stderrTruncated}}}`;
  };
  return Object.freeze({ start, deliver, collect });
});
