import { OpenloopError } from "@openloop/protocol";
import { afterAll, describe, expect, it } from "vitest";
import { Sandbox } from "./sandbox.js";

// A small memory limit makes the memory bombs below trip fast.
const sandbox = new Sandbox({ workers: 2, limits: { memoryMb: 16, timeoutMs: 3000 } });
afterAll(() => sandbox.close());

describe("sessions (notebook semantics)", () => {
  it("keeps globals between cells and lets cells re-declare const, let and class", async () => {
    const s = sandbox.session();
    await s.run("const rate = 2; let count = 1; class Box { size() { return 1 } }");
    const r = await s.run(
      "const rate = 3; let count = 2; class Box { size() { return 5 } }\nrate * count + new Box().size()",
    );
    expect(r.status).toBe("ok");
    expect(r.result?.json).toBe("11");
    expect(r.session).toEqual({ id: s.id, cell: 2, previousStateLost: null, stateLost: false });
  });

  it("runs cells in order even when they are not awaited one by one", async () => {
    const s = sandbox.session();
    const results = await Promise.all([
      s.run("var log = []; log.push('a'); log.length"),
      s.run("log.push('b'); log.join('')"),
      s.run("log.push('c'); log.join('')"),
    ]);
    expect(results.map((r) => r.result?.json)).toEqual(["1", '"ab"', '"abc"']);
    expect(results.map((r) => r.session?.cell)).toEqual([1, 2, 3]);
  });

  it("returns the same session for the same id", async () => {
    await sandbox.session("by-id").run("globalThis.marker = 'same'");
    expect((await sandbox.session("by-id").run("marker")).result?.json).toBe('"same"');
  });

  it("reset() discards the state without reporting a loss", async () => {
    const s = sandbox.session();
    await s.run("const kept = 1");
    await s.reset();
    const r = await s.run("typeof kept");
    expect(r.result?.json).toBe('"undefined"');
    expect(r.session).toMatchObject({ cell: 1, previousStateLost: null });
  });

  it("keeps the state through a timeout that the isolate could interrupt", async () => {
    const s = sandbox.session();
    await s.run("const before = 'still here'");
    const t = await s.run("while (true) {}", { timeoutMs: 200 });
    expect(t.status).toBe("timeout");
    expect(t.session?.stateLost).toBe(false);
    expect((await s.run("before")).result?.json).toBe('"still here"');
  });

  it("reports that the state is gone after the session's worker crashed", async () => {
    const s = sandbox.session();
    await s.run("const important = 42");
    const bomb = await s.run("const m = new Map(); for (let i = 0; ; i++) m.set(i, { i })");
    expect(bomb.status).toBe("oom");
    expect(bomb.session?.stateLost).toBe(true);
    const after = await s.run("typeof important");
    expect(after.result?.json).toBe('"undefined"');
    expect(after.session).toMatchObject({ cell: 1, previousStateLost: "oom", stateLost: false });
  });

  it("tells a bystander session that its worker crashed under another session's code", async () => {
    const one = new Sandbox({ workers: 1, limits: { memoryMb: 16 } });
    try {
      const bystander = one.session();
      await bystander.run("const mine = 1");
      const bomb = await one.session().run("const o = {}; for (let i = 0; ; i++) o['k' + i] = i");
      expect(bomb.status).toBe("oom");
      const r = await bystander.run("typeof mine");
      expect(r.result?.json).toBe('"undefined"');
      expect(r.session?.previousStateLost).toBe("crashed");
    } finally {
      await one.close();
    }
  });

  it("expires a session idle past its TTL, and says so", async () => {
    const short = new Sandbox({ workers: 1, sessionTtlMs: 50 });
    try {
      const s = short.session();
      await s.run("const soon = 'gone'");
      await new Promise((r) => setTimeout(r, 200));
      const r = await s.run("typeof soon");
      expect(r.result?.json).toBe('"undefined"');
      expect(r.session?.previousStateLost).toBe("expired");
    } finally {
      await short.close();
    }
  });

  it("evicts the least recently used session beyond maxSessions, and says so", async () => {
    const few = new Sandbox({ workers: 1, maxSessions: 2 });
    try {
      const first = few.session();
      await first.run("const a = 1");
      await few.session().run("const b = 2");
      await few.session().run("const c = 3");
      expect(few.stats().sessions).toBe(2);
      const r = await first.run("typeof a");
      expect(r.result?.json).toBe('"undefined"');
      expect(r.session?.previousStateLost).toBe("evicted");
    } finally {
      await few.close();
    }
  });

  it("isolates sessions from each other: globals and patched built-ins stay in their own session", async () => {
    const a = sandbox.session();
    const b = sandbox.session();
    await a.run(
      "globalThis.secret = 's3cret'; Array.prototype.push = () => 'hijacked'; JSON.stringify = () => 'x'",
    );
    const r = await b.run("[typeof secret, [].push(1), JSON.stringify({ ok: true })]");
    expect(r.result?.json).toBe('["undefined",1,"{\\"ok\\":true}"]');
  });

  it("rejects runs on a closed session with sandbox_closed", async () => {
    const s = sandbox.session();
    s.close();
    await expect(s.run("1")).rejects.toSatisfy((e) => OpenloopError.is(e, "sandbox_closed"));
  });
  it("resolves a cell waiting behind a running one `aborted` as soon as its signal fires, and never runs it", async () => {
    const s = sandbox.session();
    await s.run("globalThis.ran = []");
    const stopFirst = new AbortController();
    const first = s.run("await new Promise(() => {})", { signal: stopFirst.signal });
    let firstSettled = false;
    void first.then(() => {
      firstSettled = true;
    });
    const controller = new AbortController();
    const waiting = s.run("ran.push('second'); 2", { signal: controller.signal });
    controller.abort();
    const r = await waiting;
    expect(r.status).toBe("aborted");
    expect(r.error?.name).toBe("AbortError");
    expect(firstSettled).toBe(false); // it did not wait for its turn
    stopFirst.abort();
    expect((await first).status).toBe("aborted");
    const after = await s.run("ran");
    expect(after.result?.json).toBe("[]"); // the aborted cell never ran
  });

  it("resolves cells still waiting when the sandbox closes `aborted`, like queued runs", async () => {
    const one = new Sandbox({ workers: 1 });
    const s = one.session();
    const first = s.run("await new Promise(() => {})", { timeoutMs: 30_000 });
    const second = s.run("2");
    await waitFor(() => one.stats().running === 1);
    await one.close();
    for (const r of [await first, await second]) {
      expect(r.status).toBe("aborted");
      expect(r.error?.message).toBe("The sandbox was closed.");
    }
  });

  it("does not run cells of a session closed before their turn, nor leave its state in a worker", async () => {
    const one = new Sandbox({ workers: 1 });
    try {
      // Closed while its first cell waits for a worker to start: the cell never runs.
      const s = one.session();
      const never = s.run("globalThis.revived = true; 1");
      s.close();
      expect(await never).toMatchObject({ status: "aborted", error: { message: "The session was closed." } });
      // Closed while one cell runs and another waits: the running one ends, the waiting one
      // never starts, and the worker holds no state for the session.
      const t = one.session();
      const running = t.run("await new Promise(() => {})", { timeoutMs: 300 });
      const waiting = t.run("globalThis.revived = true; 2");
      await waitFor(() => one.stats().workers[0]?.state === "busy");
      t.close();
      expect((await running).status).toBe("timeout");
      expect(await waiting).toMatchObject({ status: "aborted", result: null });
      expect(one.stats().workers.map((w) => w.sessions)).toEqual([0]);
    } finally {
      await one.close();
    }
  });

  it("counts cells waiting behind an earlier cell against maxQueue", async () => {
    const small = new Sandbox({ workers: 1, maxQueue: 1 });
    try {
      const s = small.session();
      const first = s.run("await new Promise((resolve) => resolve()); 1");
      const second = s.run("2");
      await expect(s.run("3")).rejects.toSatisfy((e) => OpenloopError.is(e, "sandbox_queue_full"));
      expect([(await first).result?.json, (await second).result?.json]).toEqual(["1", "2"]);
    } finally {
      await small.close();
    }
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}
