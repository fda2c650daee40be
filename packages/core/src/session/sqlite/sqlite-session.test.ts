/**
 * The SQLite session on a real file: items survive reopening, conversations are kept apart, each
 * addItems is one transaction, and a run continues a stored conversation.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ScriptedModel, text } from "@openloop/testing";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Agent } from "../../agent/agent.js";
import { run } from "../../run/run.js";
import type { RunItem } from "../../state/data.js";
import { SqliteSession } from "./sqlite-session.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "openloop-sqlite-session-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const user = (content: string): RunItem => ({ type: "message", role: "user", content });

describe("SqliteSession", () => {
  it("keeps items, in order and verbatim, across reopening the file", async () => {
    const path = join(dir, "chat.db");
    const first = new SqliteSession({ path, sessionId: "ada" });
    const reasoningItem = { type: "reasoning", id: "rs_1", summary: [], encrypted_content: "gAAA", extra: 1 };
    await first.addItems([user("one"), reasoningItem as RunItem]);
    await first.addItems([user("two")]);
    first.close();

    const again = new SqliteSession({ path, sessionId: "ada" });
    expect(await again.getItems()).toEqual([user("one"), reasoningItem, user("two")]);
    again.close();
  });

  it("keeps conversations apart by sessionId, and clears only its own", async () => {
    const path = join(dir, "chat.db");
    const ada = new SqliteSession({ path, sessionId: "ada" });
    const bob = new SqliteSession({ path, sessionId: "bob" });
    await ada.addItems([user("I am Ada")]);
    await bob.addItems([user("I am Bob")]);
    await ada.clear();
    expect(await ada.getItems()).toEqual([]);
    expect(await bob.getItems()).toEqual([user("I am Bob")]);
    ada.close();
    bob.close();
  });

  it("adds a turn's items in one transaction: all or none", async () => {
    const session = new SqliteSession({ path: join(dir, "chat.db") });
    await session.addItems([user("kept")]);
    const unserializable = { type: "message", role: "user", content: 1n } as unknown as RunItem;
    await expect(session.addItems([user("lost"), unserializable])).rejects.toThrow(/BigInt/);
    expect(await session.getItems()).toEqual([user("kept")]);
    session.close();
  });

  it("uses a database you opened, in the table you name", async () => {
    const database = new Database(":memory:");
    const session = new SqliteSession({ database, table: "chat_items" });
    await session.addItems([user("hi")]);
    expect(database.prepare("SELECT count(*) AS n FROM chat_items").get()).toEqual({ n: 1 });
    session.close(); // not ours to close
    expect(database.open).toBe(true);
    database.close();
  });

  it("rejects bad options", () => {
    expect(() => new SqliteSession({})).toThrow(/either `path` or `database`/);
    expect(() => new SqliteSession({ path: ":memory:", sessionId: "" })).toThrow(/`sessionId`/);
    expect(() => new SqliteSession({ path: ":memory:", table: "x; DROP" })).toThrow(/SQL identifier/);
    expect(() => new SqliteSession({ path: join(dir, "missing", "x.db") })).toThrow(/cannot open/);
  });

  it("continues a conversation stored by an earlier run", async () => {
    const path = join(dir, "chat.db");
    const model = new ScriptedModel([[text("Hello Ada.")], [text("You are Ada.")]]);
    const agent = new Agent({ name: "chat", model });
    const first = new SqliteSession({ path });
    await run(agent, "I am Ada.", { session: first });
    first.close();

    const later = new SqliteSession({ path });
    const result = await run(agent, "Who am I?", { session: later });
    expect(result.finalOutput).toBe("You are Ada.");
    expect(model.requests[1]?.input).toHaveLength(3);
    expect(await later.getItems()).toHaveLength(4);
    later.close();
  });
});
