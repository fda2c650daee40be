/**
 * @module bench/report/notes — what the profile shows, for each target a run may miss. Written
 * by hand from `node --cpu-prof` runs (see docs/benchmarks.md, "Profiling"); printed beside a
 * target only when the run missed it.
 */
const AIM_A =
  "Without HTTP (a model replaying parsed events in process) the loop itself costs about 0.06 ms per " +
  "turn: tool-argument validation, the accumulator, the request, budgets, loop detection. The rest of the " +
  "gap to the floor is the HTTP model's safety — an abort signal per request (undici wires listeners and " +
  "a finalization registry for it), the first-byte and idle timers — and more garbage per turn, on a " +
  "turn whose CPU is otherwise mostly undici and the kernel's loopback writes.";

export const MISSED_TARGET_NOTES: Record<string, string> = {
  sse:
    "`JSON.parse` is about 60% of `decodeSSE`'s time, UTF-8 decoding and the garbage of freshly decoded " +
    "strings about 25%, async iteration (one resolved promise per event) about 7%, SSE framing " +
    "(eventsource-parser) about 5%. The bytes floor — `TextDecoder` plus `JSON.parse` with no SSE rules and " +
    "no iteration — is itself about 1.6× bare `JSON.parse`, and `decodeSSE` is within about 1.1× of it: " +
    "a hand-written framer was tried and saved 3%. Against strings already in memory, 1.5× is out of " +
    "reach for any decoder that starts from bytes.",
  "sandbox-cold-start":
    "Starting the worker process is the cost: Node's own start-up plus loading isolated-vm, 100–350 ms on this machine, " +
    "against about 2 ms for an isolate in a process that is already running. Runs never execute user " +
    "code in the caller's process (see docs/sandbox.md), so call `sandbox.warmUp()` at start-up; from then " +
    "on a run in a fresh isolate is the target read the other way (a started sandbox).",
  "sandbox-cold-run":
    "A run on a started sandbox is a message to its worker process and back (serializing the code and " +
    "the result, a pipe round trip each way) on top of the bare create-and-eval. The worker prepares the " +
    "next isolate while it is idle (`packages/sandbox/src/worker/main.mjs`), so back-to-back runs on a busy " +
    "machine can find it not ready yet and pay the isolate's creation inside the run as well.",
  "aim-a": AIM_A,
  "overhead-a": AIM_A,
  "overhead-aj":
    "A non-streamed response is replayed as the spec's events (so consumers see one vocabulary) and " +
    "rebuilt by the accumulator: a few copies of the response per turn on top of the HTTP model's abort " +
    "signal and timer.",
  throughput:
    "At 100 runs in flight CPU per turn drops for everyone (batched I/O); openloop's remaining cost is the " +
    "per-request abort signal and the first-byte and idle timers of the HTTP model, and about 0.06 ms of " +
    "loop work per turn; runs/s is wall-clock time, so it also moves with the machine's load.",
  "aim-b": "Per delta: one `JSON.parse`, one resolved promise from `decodeSSE`, one accumulator append.",
  "aim-throughput":
    "Runs/s is wall-clock time on 2 cores shared by the bench server, the framework and anything else " +
    "running, so it moves with the machine's load far more than CPU does (printed with the results). Per request " +
    "openloop does what the floor does plus about 0.06 ms of loop work (validation, accumulation, " +
    "bookkeeping), a per-request abort signal that undici wires with listeners and a finalization " +
    "registry, and the first-byte and idle timers.",
  "aim-import":
    "Most of it is zod 4 (about 1 MB of JavaScript), which the bench's own zod tool needs anyway; " +
    "p-queue and openloop's own modules are the rest (zod 3 and zod-to-json-schema load only for a zod 3 " +
    "schema). From source (no `pnpm build`), tsx's compiled modules add about 2 MB of heap; RSS also " +
    "moves by 1–3 MB run to run with the heap's growth.",
};
