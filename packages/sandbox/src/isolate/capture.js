// Runs INSIDE the isolate (plain ECMAScript, no Node APIs). Evaluated once per isolate; its
// completion value is the factory below, which the bootstrap calls with the built-ins it saved
// before any user code ran (`P`), the inspector, and a getter of the current run.
//
// Output capture: `console` writes into per-run head/tail buffers held here, in the isolate
// (about 30 times cheaper than a call to the host per line), bounded by `maxOutputChars`.
(function makeCapture(P, inspect, hugeString, currentRun) {
  // biome-ignore lint/suspicious/noRedundantUseStrict: a script, not a module (see bootstrap.js)
  "use strict"; // keeps these frames out of user code's reach (see bootstrap.js)
  const defineProperty = Reflect.defineProperty;

  /** Head/tail buffer: keeps the first half and the last half of `limit` characters. */
  const makeBuffer = (limit) => {
    const half = limit >> 1;
    const tailMax = limit - half;
    let head = "";
    let tail = "";
    let total = 0;
    return {
      write(s) {
        total += s.length;
        if (head.length < half) {
          const room = half - head.length;
          if (s.length <= room) {
            head += s;
            return;
          }
          head += P.StringSlice(s, 0, room);
          s = P.StringSlice(s, room);
        }
        tail += s.length > tailMax ? P.StringSlice(s, s.length - tailMax) : s;
        if (tail.length > 2 * tailMax) tail = P.StringSlice(tail, tail.length - tailMax);
      },
      read() {
        if (total <= limit) return { text: head + tail, truncated: false };
        const kept = P.StringSlice(tail, tail.length - tailMax);
        const elided = total - half - kept.length;
        return { text: `${head}\n… [${elided} characters elided] …\n${kept}`, truncated: true };
      },
    };
  };

  const format = (args) => {
    let line = "";
    const run = currentRun();
    const max = run.limits.maxOutputChars;
    const huge = run.limits.hugeStringChars;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (i > 0) line += " ";
      if (typeof a !== "string") line += inspect(a, max, 2, huge);
      else line += a.length > huge ? hugeString(a) : a;
    }
    return `${line}\n`;
  };
  const writer =
    (stream) =>
    (...args) => {
      const run = currentRun();
      if (run === null || run.ended) return;
      const buffer = stream === 1 ? run.out : run.err;
      buffer.write(format(args));
    };
  const log = writer(1);
  const error = writer(2);
  const consoleObject = Object.create(null);
  for (const [name, fn] of [
    ["log", log],
    ["info", log],
    ["debug", log],
    ["dir", log],
    ["warn", error],
    ["error", error],
    ["trace", error],
  ]) {
    defineProperty(consoleObject, name, { value: fn, enumerable: true });
  }
  defineProperty(consoleObject, "assert", {
    value: (cond, ...rest) => {
      const run = currentRun();
      if (!cond && run !== null && !run.ended) {
        run.err.write(rest.length > 0 ? `Assertion failed: ${format(rest)}` : "Assertion failed\n");
      }
    },
    enumerable: true,
  });

  return P.ObjectFreeze({ makeBuffer, consoleObject: P.ObjectFreeze(consoleObject) });
});
