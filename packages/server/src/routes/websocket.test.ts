import type { CreateResponseBody } from "@openloop/protocol";
import { validateAgainstSpec } from "@openloop/protocol/fixtures";
import { httpError, ScriptedModel, stall, text } from "@openloop/testing";
import { afterEach, describe, expect, test, vi } from "vitest";
import WebSocket from "ws";
import { post, serve, type TestServer } from "../../test/support/server.js";
import { streamProblems } from "../../test/support/spec.js";

type Message = Record<string, unknown> & { type: string };

let server: TestServer | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await server?.close();
  server = undefined;
});

/** A connected client that queues every message it receives. */
async function connect(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(`${url.replace(/^http/, "ws")}/responses`, { headers });
  sockets.push(ws);
  const inbox: Message[] = [];
  const waiters: (() => void)[] = [];
  ws.on("message", (data) => {
    inbox.push(JSON.parse(data.toString()) as Message);
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  /** The next message. */
  const next = async (): Promise<Message> => {
    while (inbox.length === 0) await new Promise<void>((resolve) => waiters.push(resolve));
    return inbox.shift()!;
  };
  /** Messages up to a terminal event or an error message (included). */
  const turn = async (): Promise<Message[]> => {
    const out: Message[] = [];
    for (;;) {
      const message = await next();
      out.push(message);
      if (/^response\.(completed|failed|incomplete)$/.test(message.type)) return out;
      if (message.type === "error" && "status" in message) return out;
    }
  };
  const create = (body: CreateResponseBody) => ws.send(JSON.stringify({ type: "response.create", ...body }));
  return { ws, next, turn, create };
}

const terminal = (messages: Message[]) =>
  messages.at(-1) as unknown as { response: { id: string; output: unknown[] } };

describe("WebSocket mode on /v1/responses", () => {
  test("responses are processed one at a time: the second starts after the first ended", async () => {
    server = await serve(new ScriptedModel([{ output: [text("First.")], chunkSize: 2 }, [text("Second.")]]), {
      codeRunner: false,
    });
    const client = await connect(server.url);
    client.create({ model: "test", input: "one" });
    client.create({ model: "test", input: "two" });
    const first = await client.turn();
    const second = await client.turn();
    expect(streamProblems(first)).toEqual([]);
    expect(streamProblems(second)).toEqual([]);
    expect(first[0]?.type).toBe("response.created");
    expect(terminal(first).response.output).toMatchObject([{ content: [{ text: "First." }] }]);
    expect(terminal(second).response.output).toMatchObject([{ content: [{ text: "Second." }] }]);
  });

  test("previous_response_id continues with store: false on the same connection (connection-local state)", async () => {
    const model = new ScriptedModel([[text("Hi Ada.")], [text("You are Ada.")], [text("Still Ada.")]]);
    server = await serve(model, { codeRunner: false });
    const client = await connect(server.url);
    client.create({ model: "test", store: false, input: "I am Ada." });
    const first = terminal(await client.turn()).response.id;
    client.create({ model: "test", store: false, previous_response_id: first, input: "Who am I?" });
    const second = terminal(await client.turn()).response.id;
    client.create({ model: "test", store: false, previous_response_id: second, input: "And now?" });
    await client.turn();
    expect((model.requests[2]!.input as unknown[]).length).toBe(5);
  });

  test("after a reconnect, a store: false response is gone: previous_response_not_found, with status", async () => {
    server = await serve(new ScriptedModel([[text("Hi.")]]), { codeRunner: false });
    const a = await connect(server.url);
    a.create({ model: "test", store: false, input: "Hi" });
    const id = terminal(await a.turn()).response.id;
    a.ws.close();
    const b = await connect(server.url);
    b.create({ model: "test", store: false, previous_response_id: id, input: "Again" });
    const [error] = await b.turn();
    expect(error).toMatchObject({
      type: "error",
      status: 400,
      error: { code: "previous_response_not_found", param: "previous_response_id" },
    });
    expect(validateAgainstSpec("WebSocketErrorEvent", error)).toEqual([]);
  });

  test("a continuation that fails evicts the id it continued", async () => {
    server = await serve(new ScriptedModel([[text("Hi.")], httpError(500)]), { codeRunner: false });
    const client = await connect(server.url);
    client.create({ model: "test", store: false, input: "Hi" });
    const id = terminal(await client.turn()).response.id;
    client.create({ model: "test", store: false, previous_response_id: id, input: "Fail now" });
    expect((await client.turn())[0]).toMatchObject({ type: "error", status: 500 });
    client.create({ model: "test", store: false, previous_response_id: id, input: "Retry" });
    expect((await client.turn())[0]).toMatchObject({ error: { code: "previous_response_not_found" } });
  });

  test("compacted output starts a new chain: compact over HTTP, then send it as the base input", async () => {
    const model = new ScriptedModel([
      [text("Paris is the capital of France.")],
      [text("SUMMARY: the user asked about France; its capital is Paris.")],
      [text("About 2.1 million people.")],
    ]);
    server = await serve(model, { codeRunner: false });
    const client = await connect(server.url);
    client.create({ model: "test", input: "Capital of France?" });
    const first = terminal(await client.turn()).response.id;
    const compacted = (await (
      await post(server.url, "/responses/compact", { model: "test", previous_response_id: first })
    ).json()) as { output: unknown[] };
    client.create({
      model: "test",
      previous_response_id: null,
      input: [
        ...(compacted.output as never[]),
        { type: "message", role: "user", content: "Its population?" },
      ],
    });
    const answer = await client.turn();
    expect(streamProblems(answer)).toEqual([]);
    const seen = JSON.stringify(model.requests[2]?.input);
    expect(seen).toContain("SUMMARY: the user asked about France");
    expect(seen).toContain("Its population?");
  });

  test("HTTP-only fields are refused: stream on a WebSocket message is a 400 error naming it", async () => {
    server = await serve(new ScriptedModel([]), { codeRunner: false });
    const client = await connect(server.url);
    client.ws.send(JSON.stringify({ type: "response.create", model: "test", input: "Hi", stream: true }));
    expect((await client.turn())[0]).toMatchObject({
      type: "error",
      status: 400,
      error: { param: "stream" },
    });
    client.ws.send("not json");
    expect((await client.turn())[0]).toMatchObject({
      type: "error",
      status: 400,
      error: { code: "invalid_request" },
    });
    client.ws.send(JSON.stringify({ type: "response.cancel" }));
    expect((await client.turn())[0]).toMatchObject({ type: "error", status: 400, error: { param: "type" } });
  });

  test("the API key is checked on the upgrade", async () => {
    server = await serve(new ScriptedModel([]), { codeRunner: false, apiKeys: ["sk-ws"] });
    await expect(connect(server.url)).rejects.toThrow(/401/);
    const ok = await connect(server.url, { authorization: "Bearer sk-ws" });
    expect(ok.ws.readyState).toBe(WebSocket.OPEN);
  });

  test("a connection past its lifetime gets websocket_connection_limit_reached, then closes", async () => {
    server = await serve(new ScriptedModel([]), { codeRunner: false, websocketMaxAgeMs: 50 });
    const client = await connect(server.url);
    const closed = new Promise<number>((resolve) => client.ws.once("close", (code) => resolve(code)));
    expect(await client.next()).toMatchObject({
      type: "error",
      error: { code: "websocket_connection_limit_reached" },
    });
    expect(await closed).toBe(1000);
  });

  test("a client that closes with messages still queued: the model is asked for none of them", async () => {
    const model = new ScriptedModel([stall(2), [text("Fresh.")]]);
    server = await serve(model, { codeRunner: false });
    const client = await connect(server.url);
    for (const input of ["one", "two", "three"]) client.create({ model: "test", input });
    await vi.waitFor(() => expect(model.requests).toHaveLength(1));
    client.ws.close();
    await vi.waitFor(() =>
      expect(server!.logs.some((l) => l.event === "websocket" && l.message === "close")).toBe(true),
    );
    const other = await connect(server.url);
    other.create({ model: "test", input: "fresh" });
    expect(terminal(await other.turn()).response.output).toMatchObject([{ content: [{ text: "Fresh." }] }]);
    await server.close();
    expect(model.requests.map((r) => (r.input as { content: string }[])[0]?.content)).toEqual([
      "one",
      "fresh",
    ]);
    server = undefined;
  });

  test("while the server shuts down, a new response.create gets server_unavailable (503)", async () => {
    const model = new ScriptedModel([stall(2), [text("Never.")]]);
    server = await serve(model, { codeRunner: false, drainTimeoutMs: 30_000 });
    const busy = await connect(server.url);
    const late = await connect(server.url);
    busy.create({ model: "test", input: "slow" });
    await vi.waitFor(() => expect(model.requests).toHaveLength(1));
    const closed = server.close();
    late.create({ model: "test", input: "late" });
    expect((await late.turn())[0]).toMatchObject({
      type: "error",
      status: 503,
      error: { code: "server_unavailable" },
    });
    busy.ws.close(); // the response in flight is aborted: the drain ends
    await closed;
    server = undefined;
    expect(model.requests).toHaveLength(1);
  });

  test("misuse: an unknown path is a JSON 404; an oversized or malformed frame closes only that connection", async () => {
    server = await serve(new ScriptedModel([[text("Still here.")]]), {
      codeRunner: false,
      maxBodyBytes: 1000,
    });
    const refused = await connect(server.url.replace(/\/v1$/, "/v2")).catch((error: Error) => error);
    expect(String(refused)).toMatch(/404/);

    const big = await connect(server.url);
    const bigClosed = new Promise<number>((resolve) => big.ws.once("close", (code) => resolve(code)));
    big.ws.on("error", () => undefined);
    big.create({ model: "test", input: "x".repeat(5000) });
    expect(await bigClosed).toBe(1009); // message too big

    const bad = await connect(server.url);
    const badClosed = new Promise<number>((resolve) => bad.ws.once("close", (code) => resolve(code)));
    bad.ws.on("error", () => undefined);
    // A masked text frame whose payload is not UTF-8, written below the ws client's own checks.
    const socket = (bad.ws as unknown as { _socket: { write(b: Buffer): void } })._socket;
    socket.write(Buffer.from([0x81, 0x82, 0, 0, 0, 0, 0xff, 0xfe]));
    expect(await badClosed).toBe(1007); // invalid frame payload data

    const good = await connect(server.url);
    good.create({ model: "test", input: "Hi" });
    expect(terminal(await good.turn()).response.output).toMatchObject([
      { content: [{ text: "Still here." }] },
    ]);
  });
});
