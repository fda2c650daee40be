/**
 * @module pool/messages — the IPC protocol between the parent and a worker process.
 *
 * The worker (`../worker/main.mjs`) is plain JavaScript; these types are the contract it follows.
 * The parent treats a worker as less trusted than itself — it runs hostile code — so every message
 * from a worker is validated before use, and one that does not fit is treated as a crash.
 */
import { z } from "zod";

/** Parent → worker: run one cell. `config` is the JSON the isolate's `start` reads. */
export interface RunRequestMessage {
  t: "run";
  id: string;
  code: string;
  filename: string;
  session: string | null;
  timeoutMs: number;
  config: string;
}

/** Parent → worker: the answer to a tool call ("s" string, "j" JSON text, "u" undefined, "e" error). */
export interface ToolResultMessage {
  t: "tool-result";
  id: string;
  call: number;
  kind: "s" | "j" | "u" | "e";
  payload: string;
}

/** Parent → worker messages. */
export type ParentMessage =
  | RunRequestMessage
  | ToolResultMessage
  | { t: "cancel"; id: string }
  | { t: "drop-session"; session: string }
  | { t: "exit" };

const runError = z.object({ name: z.string(), message: z.string(), stack: z.string().nullable() });

const doneMessage = z.object({
  t: z.literal("done"),
  id: z.string(),
  status: z.enum(["ok", "error", "timeout", "oom", "crashed", "aborted"]),
  stdout: z.string(),
  stderr: z.string(),
  truncated: z.object({ stdout: z.boolean(), stderr: z.boolean(), result: z.boolean() }),
  result: z.object({ json: z.string().nullable(), preview: z.string(), type: z.string() }).nullable(),
  error: runError.nullable(),
  stateLost: z.boolean(),
  fresh: z.boolean(),
  cpuMs: z.number().nullable(),
  heapBytes: z.number().nullable(),
});

const workerMessage = z.discriminatedUnion("t", [
  z.object({ t: z.literal("ready"), pid: z.number() }),
  z.object({
    t: z.literal("tool-call"),
    id: z.string(),
    call: z.number().int(),
    name: z.string(),
    args: z.string(),
  }),
  doneMessage,
  z.object({ t: z.literal("rss"), rss: z.number() }),
]);

/** A run's outcome as the worker reports it. */
export type DoneMessage = z.infer<typeof doneMessage>;
/** Worker → parent messages. */
export type WorkerMessage = z.infer<typeof workerMessage>;

/** Validates a message from a worker; `null` when it does not fit the protocol. */
export function parseWorkerMessage(value: unknown): WorkerMessage | null {
  const parsed = workerMessage.safeParse(value);
  return parsed.success ? parsed.data : null;
}
