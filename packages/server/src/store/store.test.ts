import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createResponseResource, OpenloopError } from "@openloop/protocol";
import { afterEach, describe, expect, test } from "vitest";
import { MemoryStore } from "./memory.js";
import { SqliteStore } from "./sqlite.js";
import type { ResponseStore, StoredResponse } from "./store.js";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "openloop-store-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function record(id: string, previous: string | null = null): StoredResponse {
  return {
    id,
    previousResponseId: previous,
    conversationId: previous ?? id,
    input: [{ type: "message", role: "user", content: `question ${id}` }],
    items: [
      {
        type: "message",
        id: `msg_${id}`,
        role: "assistant",
        status: "completed",
        content: [{ type: "output_text", text: "ünïcødé ✓", annotations: [] }],
      },
    ],
    // A fixed creation time: records built in different seconds must still be equal.
    response: createResponseResource({ id, status: "completed", model: "m", created_at: 1_700_000_000 }),
  };
}

const stores: [string, () => ResponseStore][] = [
  ["MemoryStore", () => new MemoryStore()],
  ["SqliteStore", () => new SqliteStore(tempDir())],
];

describe.each(stores)("%s", (_name, make) => {
  test("put then get returns an equal record; an unknown id is undefined", async () => {
    const store = make();
    await store.put(record("resp_1"));
    expect(await store.get("resp_1")).toEqual(record("resp_1"));
    expect(await store.get("resp_nope")).toBeUndefined();
    await store.close();
  });

  test("a stored record does not alias the object that was put", async () => {
    const store = make();
    const r = record("resp_1");
    await store.put(r);
    r.items.length = 0;
    expect((await store.get("resp_1"))?.items).toHaveLength(1);
    await store.close();
  });

  test("a second put of an id replaces the first", async () => {
    const store = make();
    await store.put(record("resp_1"));
    await store.put({ ...record("resp_1"), items: [] });
    expect((await store.get("resp_1"))?.items).toEqual([]);
    await store.close();
  });
});

describe("SqliteStore", () => {
  test("what was stored survives closing and reopening the same data directory", async () => {
    const dir = tempDir();
    const first = new SqliteStore(dir);
    await first.put(record("resp_1"));
    await first.put(record("resp_2", "resp_1"));
    await first.close();
    await first.close(); // idempotent

    const second = new SqliteStore(dir);
    expect(await second.get("resp_2")).toEqual(record("resp_2", "resp_1"));
    expect(await second.get("resp_1")).toEqual(record("resp_1"));
    await second.close();
  });

  test("creates a missing data directory; a path that cannot be one is invalid_config naming it", async () => {
    const dir = join(tempDir(), "nested", "data");
    const store = new SqliteStore(dir);
    await store.put(record("resp_1"));
    await store.close();

    const file = join(dir, "responses.sqlite");
    expect(() => new SqliteStore(file)).toThrow(OpenloopError);
    try {
      new SqliteStore(file);
    } catch (error) {
      expect((error as OpenloopError).code).toBe("invalid_config");
      expect((error as OpenloopError).message).toContain(file);
    }
  });

  test("a closed store refuses to be used (server_unavailable), it does not crash", async () => {
    const store = new SqliteStore(tempDir());
    await store.close();
    await expect(store.get("resp_1")).rejects.toMatchObject({ code: "server_unavailable" });
  });
});

describe("MemoryStore", () => {
  test("keeps at most maxEntries, dropping the oldest", async () => {
    const store = new MemoryStore({ maxEntries: 2 });
    for (const id of ["a", "b", "c"]) await store.put(record(id));
    expect(await store.get("a")).toBeUndefined();
    expect(await store.get("c")).toBeDefined();
  });
});
