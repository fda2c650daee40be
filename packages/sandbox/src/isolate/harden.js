// Runs INSIDE the isolate (plain ECMAScript, no Node APIs), once per isolate, before anything else.
// It takes away the built-ins through which code could get past isolated-vm's limits, or take its
// worker process down — each one found by trying:
// - WebAssembly: its memory is allocated outside the isolate's heap limit.
// - Atomics.waitAsync: with a timeout it aborts the whole worker process ("terminate called
//   without an active exception"), wiping every session the worker holds.
// - Resizable ArrayBuffers and growable SharedArrayBuffers (`maxByteLength`): V8 reserves and
//   commits their memory itself, bypassing the allocator isolated-vm counts against `memoryLimit`
//   — a 64 MB isolate filled 2 GB. Here the constructors make fixed-length buffers only (which
//   the limit counts), and `resize`/`grow` are gone.
(() => {
  // biome-ignore lint/suspicious/noRedundantUseStrict: a script, not a module (see bootstrap.js)
  "use strict";
  const g = globalThis;
  const R = Reflect;

  R.deleteProperty(g, "WebAssembly");
  R.deleteProperty(Atomics, "waitAsync");

  /** Replaces `Original` by a constructor without its options argument (same prototype, statics, name). */
  const fixedLength = (Original, grower) => {
    const Ctor = function (length) {
      // Called without `new`, it throws as the original does.
      if (new.target === undefined) return R.apply(Original, undefined, [length]);
      return R.construct(Original, [length], new.target);
    };
    R.defineProperty(Ctor, "name", { value: Original.name, configurable: true });
    R.defineProperty(Ctor, "prototype", { value: Original.prototype, writable: false });
    for (const key of R.ownKeys(Original)) {
      if (key === "prototype" || key === "name" || key === "length") continue;
      R.defineProperty(Ctor, key, R.getOwnPropertyDescriptor(Original, key));
    }
    R.defineProperty(Original.prototype, "constructor", {
      value: Ctor,
      writable: true,
      configurable: true,
      enumerable: false,
    });
    R.deleteProperty(Original.prototype, grower);
    R.defineProperty(g, Original.name, {
      value: Ctor,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  };
  fixedLength(ArrayBuffer, "resize");
  fixedLength(SharedArrayBuffer, "grow");
})();
