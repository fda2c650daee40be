/**
 * @module @openloop/core/sqlite-session — a conversation `Session` stored in SQLite. A subpath of
 * its own so that `@openloop/core` itself never loads a native module: install the optional peer
 * `better-sqlite3@12` to use it.
 */
export { SqliteSession, type SqliteSessionOptions } from "./sqlite-session.js";
