// Runs INSIDE the isolate (plain ECMAScript, no Node APIs). Evaluated once per isolate; its
// completion value is the factory below, which the bootstrap calls with the built-ins it saved
// before any user code ran. Everything here must use only those saved built-ins (`P.*`), never
// globals or prototype methods that user code could have replaced.
//
// It turns any value into (1) a readable, bounded preview in the style of Node's util.inspect and
// (2) bounded JSON text — both computed here, inside the isolate, so a huge or hostile value never
// crosses the boundary whole.
(function makeInspect(P) {
  // biome-ignore lint/suspicious/noRedundantUseStrict: a script, not a module (see bootstrap.js)
  "use strict"; // keeps these frames out of user code's reach (see bootstrap.js)
  const OVER = P.ObjectFreeze({ over: true });

  const tagOf = (v) => {
    try {
      return P.ObjectToString(v);
    } catch {
      return "[object Object]";
    }
  };
  const brand = (getter, v) => {
    try {
      P.ReflectApply(getter, v, []);
      return true;
    } catch {
      return false;
    }
  };
  const isMap = (v) => brand(P.MapSize, v);
  const isSet = (v) => brand(P.SetSize, v);
  const isDate = (v) => brand(P.DateGetTime, v);
  const isTyped = (v) => brand(P.TypedArrayLength, v);

  const quote = (s) => {
    // Node's style: single quotes, with only what is needed escaped.
    let out = "'";
    for (let i = 0; i < s.length; i++) {
      const c = P.StringCharCodeAt(s, i);
      if (c === 39) out += "\\'";
      else if (c === 92) out += "\\\\";
      else if (c === 10) out += "\\n";
      else if (c === 13) out += "\\r";
      else if (c === 9) out += "\\t";
      else if (c < 32) out += `\\x${c < 16 ? "0" : ""}${P.NumberToString(c, 16)}`;
      else out += P.StringFromCharCode(c);
    }
    return `${out}'`;
  };

  const ctorName = (v) => {
    try {
      let proto = P.ObjectGetPrototypeOf(v);
      if (proto === null) return null;
      for (let i = 0; proto !== null && i < 50; i++) {
        const d = P.ObjectGetOwnPropertyDescriptor(proto, "constructor");
        if (d && typeof d.value === "function") {
          const n = P.ObjectGetOwnPropertyDescriptor(d.value, "name");
          if (n && typeof n.value === "string" && n.value !== "") return n.value;
        }
        proto = P.ObjectGetPrototypeOf(proto);
      }
    } catch {}
    return "Object";
  };

  const safeString = (v) => {
    try {
      return P.String(v);
    } catch {
      return "[unprintable]";
    }
  };

  const isIdentifier = (k) => {
    if (k.length === 0) return false;
    for (let i = 0; i < k.length; i++) {
      const c = P.StringCharCodeAt(k, i);
      const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
      if (!letter && !(i > 0 && c >= 48 && c <= 57)) return false;
    }
    return true;
  };

  /**
   * Text standing in for a string too long to touch: reading any character of a string built by
   * concatenation (`'x'.repeat(2 ** 28)`) makes V8 flatten all of it, which alone can exhaust the
   * isolate's memory. Its length is known without touching it.
   */
  const hugeString = (s) => `[a string of ${s.length} characters, too long to show]`;

  /**
   * A bounded, single-line preview. Output stops at `maxChars` characters (ending with "…");
   * containers nest at most `depth` levels and show at most 100 entries each; strings longer than
   * `hugeChars` are described, not shown.
   */
  function inspect(value, maxChars, depth, hugeChars) {
    let out = "";
    const seen = new P.Set();
    const emit = (s) => {
      if (out.length + s.length > maxChars) {
        out += `${P.StringSlice(s, 0, maxChars - out.length)}…`;
        throw OVER;
      }
      out += s;
    };
    const more = (n) => emit(`... ${n} more item${n === 1 ? "" : "s"}`);
    const fmt = (v, level) => {
      switch (typeof v) {
        case "string": {
          if (v.length > hugeChars) return emit(hugeString(v));
          // Quote only what can still be shown: a long string costs no more than a short one.
          const room = maxChars - out.length + 1;
          return emit(quote(v.length > room ? P.StringSlice(v, 0, room) : v));
        }
        case "number":
          return emit(P.ObjectIs(v, -0) ? "-0" : P.String(v));
        case "bigint":
          return emit(`${P.String(v)}n`);
        case "boolean":
          return emit(v ? "true" : "false");
        case "undefined":
          return emit("undefined");
        case "symbol":
          return emit(P.SymbolToString(v));
        case "function": {
          const n = P.ObjectGetOwnPropertyDescriptor(v, "name");
          const name = n && typeof n.value === "string" && n.value !== "" ? n.value : "(anonymous)";
          let src = "";
          try {
            src = P.FunctionToString(v);
          } catch {}
          return emit(P.StringSlice(src, 0, 5) === "class" ? `[class ${name}]` : `[Function: ${name}]`);
        }
        default:
          break;
      }
      if (v === null) return emit("null");
      if (P.SetHas(seen, v)) return emit("[Circular]");
      const tag = tagOf(v);
      if (tag === "[object Error]") {
        const stack = safeString(v.stack);
        return emit(stack !== "undefined" ? stack : `${safeString(v.name)}: ${safeString(v.message)}`);
      }
      if (isDate(v)) {
        const t = P.ReflectApply(P.DateGetTime, v, []);
        return emit(P.NumberIsNaN(t) ? "Invalid Date" : P.ReflectApply(P.DateToISOString, v, []));
      }
      if (tag === "[object RegExp]") return emit(safeString(v));
      if (tag === "[object Promise]") return emit("Promise { … }");
      if (level > depth) return emit(P.ArrayIsArray(v) ? "[Array]" : `[${ctorName(v) ?? "Object"}]`);
      P.SetAdd(seen, v);
      try {
        container(v, level);
      } finally {
        P.SetDelete(seen, v);
      }
    };
    const iterate = (it, next, size, each) => {
      for (let i = 0; ; i++) {
        const step = P.ReflectApply(next, it, []);
        if (step.done) return;
        if (i === 100) return more(size - 100);
        if (i > 0) emit(", ");
        each(step.value);
      }
    };
    const container = (v, level) => {
      if (P.ArrayIsArray(v) || isTyped(v)) {
        const typed = isTyped(v);
        const len = typed ? P.ReflectApply(P.TypedArrayLength, v, []) : v.length;
        emit(typed ? `${ctorName(v)}(${len}) [` : len > 100 ? `Array(${len}) [` : "[");
        const shown = P.MathMin(len, 100);
        for (let i = 0; i < shown; i++) {
          emit(i === 0 ? " " : ", ");
          fmt(v[i], level + 1);
        }
        if (len > shown) {
          emit(", ");
          more(len - shown);
        }
        return emit(len > 0 ? " ]" : "]");
      }
      if (isMap(v)) {
        const size = P.ReflectApply(P.MapSize, v, []);
        emit(`Map(${size}) {${size > 0 ? " " : ""}`);
        iterate(P.ReflectApply(P.MapEntries, v, []), P.MapIteratorNext, size, (e) => {
          fmt(e[0], level + 1);
          emit(" => ");
          fmt(e[1], level + 1);
        });
        return emit(size > 0 ? " }" : "}");
      }
      if (isSet(v)) {
        const size = P.ReflectApply(P.SetSize, v, []);
        emit(`Set(${size}) {${size > 0 ? " " : ""}`);
        iterate(P.ReflectApply(P.SetValues, v, []), P.SetIteratorNext, size, (e) => fmt(e, level + 1));
        return emit(size > 0 ? " }" : "}");
      }
      const name = ctorName(v);
      emit(name === null ? "[Object: null prototype] {" : name === "Object" ? "{" : `${name} {`);
      const keys = P.ObjectKeys(v);
      const shown = P.MathMin(keys.length, 100);
      for (let i = 0; i < shown; i++) {
        const k = keys[i];
        emit(i === 0 ? " " : ", ");
        emit(isIdentifier(k) ? k : quote(k));
        emit(": ");
        fmt(v[k], level + 1);
      }
      if (keys.length > shown) {
        emit(", ");
        more(keys.length - shown);
      }
      return emit(keys.length > 0 ? " }" : "}");
    };
    try {
      fmt(value, 0);
    } catch (e) {
      if (e !== OVER) out += `[uninspectable: ${safeString(e?.message)}]`;
    }
    return out;
  }

  /**
   * JSON text of `value`, as JSON.stringify would make it (toJSON honoured, functions and
   * undefined dropped), except: bigints become strings, circular references become "[Circular]",
   * and output past `maxChars` aborts with `truncated: true` instead of growing without bound.
   */
  function toJSONText(value, maxChars) {
    let used = 0;
    const seen = new P.Set();
    const count = (s) => {
      used += s.length;
      if (used > maxChars) throw OVER;
      return s;
    };
    const ser = (v, key, inArray) => {
      if (v !== null && (typeof v === "object" || typeof v === "bigint")) {
        const toJSON = v.toJSON;
        if (typeof toJSON === "function") v = P.ReflectApply(toJSON, v, [key]);
      }
      switch (typeof v) {
        case "string":
          if (used + v.length > maxChars) throw OVER;
          return count(P.JSONStringify(v));
        case "number":
          return count(P.NumberIsFinite(v) ? P.String(v) : "null");
        case "boolean":
          return count(v ? "true" : "false");
        case "bigint":
          return count(P.JSONStringify(P.String(v)));
        case "undefined":
        case "function":
        case "symbol":
          return inArray ? count("null") : undefined;
        default:
          break;
      }
      if (v === null) return count("null");
      if (P.SetHas(seen, v)) return count('"[Circular]"');
      P.SetAdd(seen, v);
      try {
        if (P.ArrayIsArray(v)) {
          let out = count("[");
          const len = v.length;
          for (let i = 0; i < len; i++) {
            if (i > 0) out += count(",");
            out += ser(v[i], P.String(i), true);
          }
          return out + count("]");
        }
        let out = count("{");
        let first = true;
        const keys = P.ObjectKeys(v);
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i];
          const item = ser(v[k], k, false);
          if (item === undefined) continue;
          out += count(`${first ? "" : ","}${P.JSONStringify(k)}:`) + item;
          first = false;
        }
        return out + count("}");
      } finally {
        P.SetDelete(seen, v);
      }
    };
    try {
      const json = ser(value, "", false);
      return { json: json === undefined ? null : json, truncated: false };
    } catch (e) {
      if (e === OVER) return { json: null, truncated: true };
      return { json: null, truncated: false };
    }
  }

  return P.ObjectFreeze({ inspect, toJSONText, hugeString, safeString, tagOf });
});
