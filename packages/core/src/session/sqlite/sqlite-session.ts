/**
 * @module session/sqlite/sqlite-session — a `Session` in a SQLite file (better-sqlite3), durable
 * across restarts and crashes: each turn is one transaction.
 */
import { OpenloopError } from "@openloop/protocol";
import Database from "better-sqlite3";
import type { RunItem } from "../../state/data.js";
import type { Session } from "../session.js";

/** Options of {@link SqliteSession}. Give `path` or `database`. */
export interface SqliteSessionOptions {
  /**
   * The database file (created if missing); `":memory:"` for a throwaway database.
   * @example "./conversations.db"
   */
  path?: string;
  /** An open better-sqlite3 database to use instead of `path` (it is not closed by `close()`). */
  database?: Database.Database;
  /**
   * Which conversation: one file holds any number of them.
   * @default "default"
   */
  sessionId?: string;
  /**
   * The table the items live in (created if missing).
   * @default "openloop_session_items"
   */
  table?: string;
}

const TABLE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * A {@link Session} stored in SQLite through better-sqlite3 (an optional peer dependency:
 * `npm install better-sqlite3@12`). Items are stored as JSON, one row each, in insertion order;
 * `addItems` is one transaction, so a process killed mid-run leaves the conversation at its last
 * completed turn. The database runs in WAL mode, so other processes can read it while a run writes.
 *
 * @throws {OpenloopError} code `invalid_config` for bad options; `session_error` when the database
 * cannot be opened.
 * @example
 * ```ts
 * import { SqliteSession } from "@openloop/core/sqlite-session";
 * const session = new SqliteSession({ path: "chat.db", sessionId: "user-42" });
 * await run(agent, "Hello again!", { session });
 * session.close();
 * ```
 */
export class SqliteSession implements Session {
  /** The conversation's id within the database. */
  readonly sessionId: string;
  readonly #db: Database.Database;
  readonly #owned: boolean;
  readonly #select: Database.Statement<[string], { item: string }>;
  readonly #insert: Database.Statement<[string, string]>;
  readonly #delete: Database.Statement<[string]>;
  readonly #append: (items: readonly RunItem[]) => void;

  constructor(options: SqliteSessionOptions) {
    const { path, database, sessionId = "default", table = "openloop_session_items" } = options ?? {};
    if ((path === undefined) === (database === undefined)) {
      throw new OpenloopError("invalid_config", "SqliteSession: give either `path` or `database`.");
    }
    if (typeof sessionId !== "string" || sessionId === "") {
      throw new OpenloopError(
        "invalid_config",
        `SqliteSession: expected \`sessionId\` to be a non-empty string, got \`${String(sessionId)}\``,
      );
    }
    if (!TABLE.test(table)) {
      throw new OpenloopError(
        "invalid_config",
        `SqliteSession: expected \`table\` to be an SQL identifier (letters, digits, _), got \`${table}\``,
      );
    }
    this.sessionId = sessionId;
    try {
      this.#db = database ?? new Database(path!);
    } catch (error) {
      throw new OpenloopError(
        "session_error",
        `SqliteSession: cannot open ${path}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    this.#owned = database === undefined;
    if (this.#owned) this.#db.pragma("journal_mode = WAL");
    this.#db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (
         seq INTEGER PRIMARY KEY AUTOINCREMENT,
         session_id TEXT NOT NULL,
         item TEXT NOT NULL
       );
       CREATE INDEX IF NOT EXISTS ${table}_by_session ON ${table} (session_id, seq);`,
    );
    this.#select = this.#db.prepare(`SELECT item FROM ${table} WHERE session_id = ? ORDER BY seq`);
    this.#insert = this.#db.prepare(`INSERT INTO ${table} (session_id, item) VALUES (?, ?)`);
    this.#delete = this.#db.prepare(`DELETE FROM ${table} WHERE session_id = ?`);
    this.#append = this.#db.transaction((items: readonly RunItem[]) => {
      for (const item of items) this.#insert.run(this.sessionId, JSON.stringify(item));
    });
  }

  async getItems(): Promise<RunItem[]> {
    return this.#select.all(this.sessionId).map((row) => JSON.parse(row.item) as RunItem);
  }

  async addItems(items: readonly RunItem[]): Promise<void> {
    if (items.length > 0) this.#append(items);
  }

  async clear(): Promise<void> {
    this.#delete.run(this.sessionId);
  }

  /** Closes the database (when this session opened it from `path`). */
  close(): void {
    if (this.#owned && this.#db.open) this.#db.close();
  }
}
