/**
 * @module store/sqlite — the default `ResponseStore`: SQLite (better-sqlite3) in a data directory.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { OpenloopError } from "@openloop/protocol";
import Database from "better-sqlite3";
import type { ResponseStore, StoredResponse } from "./store.js";

/** The database file inside the data directory. */
export const DATABASE_FILE = "responses.sqlite";

/**
 * Keeps responses in `<dataDir>/responses.sqlite` (created with the directory if missing), in WAL
 * mode, so they survive a restart. better-sqlite3 is synchronous: each call is one short statement
 * on a local file, far below the cost of the model request around it.
 */
export class SqliteStore implements ResponseStore {
  readonly #db: Database.Database;
  readonly #get: Database.Statement<[string], { data: string }>;
  readonly #put: Database.Statement<[string, string | null, number, string]>;
  #closed = false;

  /** @throws {OpenloopError} `invalid_config` when the directory or database cannot be opened. */
  constructor(dataDir: string) {
    try {
      mkdirSync(dataDir, { recursive: true });
      this.#db = new Database(join(dataDir, DATABASE_FILE));
    } catch (error) {
      throw new OpenloopError(
        "invalid_config",
        `Cannot open the response store in ${JSON.stringify(dataDir)}: ${(error as Error).message}`,
        { cause: error, param: "dataDir" },
      );
    }
    this.#db.pragma("journal_mode = WAL");
    this.#db.exec(
      `CREATE TABLE IF NOT EXISTS responses (
         id TEXT PRIMARY KEY,
         previous_response_id TEXT,
         created_at INTEGER NOT NULL,
         data TEXT NOT NULL
       )`,
    );
    this.#get = this.#db.prepare("SELECT data FROM responses WHERE id = ?");
    this.#put = this.#db.prepare(
      "INSERT OR REPLACE INTO responses (id, previous_response_id, created_at, data) VALUES (?, ?, ?, ?)",
    );
  }

  async get(id: string): Promise<StoredResponse | undefined> {
    if (this.#closed) throw closedError();
    const row = this.#get.get(id);
    return row === undefined ? undefined : (JSON.parse(row.data) as StoredResponse);
  }

  async put(record: StoredResponse): Promise<void> {
    if (this.#closed) throw closedError();
    this.#put.run(record.id, record.previousResponseId, record.response.created_at, JSON.stringify(record));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}

function closedError(): OpenloopError {
  return new OpenloopError("server_unavailable", "The response store is closed.");
}
