/**
 * A scripted backend on 127.0.0.1 for the adapters' end-to-end tests: real HTTP, real sockets, so
 * the transport (retries, timeouts, aborts, cut connections) is exercised for real. It is the
 * model boundary, so its answers are scripted: recorded bodies or hand-written chunks.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted answer. */
export type Reply =
  /**
   * A JSON body (an error body with a non-2xx status, or a non-streaming answer); `stallHeaders`
   * never answers at all (a server that accepted the connection and hangs).
   */
  | { status?: number; headers?: Record<string, string>; json: unknown; stallHeaders?: boolean }
  /**
   * An SSE stream. `frames` are payload objects (written as `data: <json>`, with an `event:` line
   * when `eventLines` is set) or raw strings (written as they are: comments, malformed data).
   * `cutAfter` destroys the socket after that many frames; `done: false` omits `data: [DONE]`;
   * `hangAfter` stops writing (without closing) after that many frames.
   */
  | {
      frames: (object | string)[];
      eventLines?: boolean;
      done?: boolean;
      cutAfter?: number;
      hangAfter?: number;
      headers?: Record<string, string>;
    };

/** A request the server received. */
export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
}

export interface FakeServer {
  /** `http://127.0.0.1:<port>` (append the API root, e.g. `/v1`). */
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * Starts a server that answers the n-th request with `replies[n]` (or `replies(n, body)`).
 * Requests beyond the script get a 500 naming the overrun.
 */
export async function startFakeServer(
  replies: Reply[] | ((n: number, request: ReceivedRequest) => Reply),
): Promise<FakeServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      raw += chunk;
    });
    req.on("end", () => {
      const received: ReceivedRequest = {
        path: req.url ?? "",
        headers: req.headers,
        body: raw ? JSON.parse(raw) : {},
      };
      const n = requests.push(received) - 1;
      const reply = typeof replies === "function" ? replies(n, received) : replies[n];
      if (!reply) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: `fake server: no reply scripted for request ${n}` } }));
        return;
      }
      answer(res, reply);
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(res: ServerResponse, reply: Reply): void {
  if ("json" in reply) {
    if (reply.stallHeaders) return;
    res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
    res.end(JSON.stringify(reply.json));
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", ...reply.headers });
  reply.frames.forEach((frame, i) => {
    if (reply.cutAfter !== undefined && i >= reply.cutAfter) return;
    if (reply.hangAfter !== undefined && i >= reply.hangAfter) return;
    if (typeof frame === "string") res.write(frame);
    else {
      const event = reply.eventLines ? `event: ${(frame as { type?: string }).type}\n` : "";
      res.write(`${event}data: ${JSON.stringify(frame)}\n\n`);
    }
  });
  if (reply.cutAfter !== undefined) {
    // Let the written frames leave, then drop the connection without ending the chunked body.
    setTimeout(() => res.socket?.destroy(), 20);
    return;
  }
  if (reply.hangAfter !== undefined) return;
  if (reply.done !== false) res.write("data: [DONE]\n\n");
  res.end();
}

/** Chat Completions chunks for a scripted answer: optional reasoning, text, and tool calls. */
export function chatChunks(answer: {
  reasoning?: string;
  text?: string;
  calls?: { id: string; name: string; arguments: string }[];
  finish?: string;
  usage?: { prompt_tokens: number; completion_tokens: number };
}): object[] {
  const base = { id: "chatcmpl-fake", object: "chat.completion.chunk", model: "fake-model" };
  const chunk = (delta: object, finish_reason: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, finish_reason }],
  });
  const out: object[] = [chunk({ role: "assistant", content: "" })];
  for (const piece of split(answer.reasoning)) out.push(chunk({ reasoning_content: piece }));
  for (const piece of split(answer.text)) out.push(chunk({ content: piece }));
  answer.calls?.forEach((call, index) => {
    out.push(
      chunk({
        tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }],
      }),
    );
    for (const piece of split(call.arguments))
      out.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  out.push(chunk({}, answer.finish ?? (answer.calls?.length ? "tool_calls" : "stop")));
  out.push({
    ...base,
    choices: [],
    usage: { ...(answer.usage ?? { prompt_tokens: 10, completion_tokens: 5 }), total_tokens: 15 },
  });
  return out;
}

/** Anthropic Messages events for a scripted answer: optional thinking (signed), text, and tool_use blocks. */
export function anthropicEvents(answer: {
  thinking?: { text: string; signature: string };
  text?: string;
  calls?: { id: string; name: string; arguments: string }[];
  stop?: string;
}): object[] {
  const out: object[] = [
    {
      type: "message_start",
      message: {
        id: "msg_fake",
        type: "message",
        role: "assistant",
        model: "claude-fake",
        content: [],
        usage: { input_tokens: 10, output_tokens: 1 },
      },
    },
  ];
  let index = 0;
  if (answer.thinking) {
    out.push({
      type: "content_block_start",
      index,
      content_block: { type: "thinking", thinking: "", signature: "" },
    });
    for (const piece of split(answer.thinking.text))
      out.push({ type: "content_block_delta", index, delta: { type: "thinking_delta", thinking: piece } });
    out.push({
      type: "content_block_delta",
      index,
      delta: { type: "signature_delta", signature: answer.thinking.signature },
    });
    out.push({ type: "content_block_stop", index: index++ });
  }
  out.push({ type: "ping" });
  if (answer.text) {
    out.push({ type: "content_block_start", index, content_block: { type: "text", text: "" } });
    for (const piece of split(answer.text))
      out.push({ type: "content_block_delta", index, delta: { type: "text_delta", text: piece } });
    out.push({ type: "content_block_stop", index: index++ });
  }
  for (const call of answer.calls ?? []) {
    out.push({
      type: "content_block_start",
      index,
      content_block: { type: "tool_use", id: call.id, name: call.name, input: {} },
    });
    for (const piece of split(call.arguments))
      out.push({
        type: "content_block_delta",
        index,
        delta: { type: "input_json_delta", partial_json: piece },
      });
    out.push({ type: "content_block_stop", index: index++ });
  }
  out.push({
    type: "message_delta",
    delta: { stop_reason: answer.stop ?? (answer.calls?.length ? "tool_use" : "end_turn") },
    usage: { output_tokens: 20 },
  });
  out.push({ type: "message_stop" });
  return out;
}

/** Text in small pieces, as a model streams it. */
function split(text: string | undefined): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (let i = 0; i < text.length; i += 4) out.push(text.slice(i, i + 4));
  return out;
}
