/**
 * A process killed with SIGKILL in the middle of a turn leaves its SQLite session at the last
 * completed turn: never a call without its output, never half a turn.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { functionCall, startMockServer, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { SqliteSession } from "./sqlite-session.js";

const child = fileURLToPath(new URL("./crash-child.test-helpers.ts", import.meta.url));
const root = fileURLToPath(new URL("../../../../../", import.meta.url));

describe("a crash mid-run", () => {
  it("leaves the session at the last completed turn", async () => {
    const dir = mkdtempSync(join(tmpdir(), "openloop-crash-"));
    const dbFile = join(dir, "chat.db");
    const server = await startMockServer([
      // First run: a note, then the answer.
      [functionCall("note", { text: "milk" }, { callId: "c1" })],
      [text("Noted milk.")],
      // Second run: a note (turn 1 completes), then a call that never returns (turn 2 never does).
      [functionCall("note", { text: "eggs" }, { callId: "c2" })],
      [functionCall("hang", {}, { callId: "c3" })],
    ]);
    try {
      const proc = spawn(
        process.execPath,
        ["--conditions=source", "--import", "tsx", child, server.url, dbFile],
        {
          cwd: root,
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let stderr = "";
      proc.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
        proc.on("exit", (code, signal) => resolve(signal ?? code)),
      );
      await new Promise<void>((resolve, reject) => {
        proc.stdout.on("data", (chunk: Buffer) => {
          if (chunk.toString().includes("hanging")) resolve();
        });
        proc.on("exit", () => reject(new Error(`the child exited before hanging: ${stderr}`)));
      });
      proc.kill("SIGKILL");
      expect(await exited).toBe("SIGKILL");

      const session = new SqliteSession({ path: dbFile, sessionId: "crash" });
      const items = (await session.getItems()) as { type: string; call_id?: string; content?: unknown }[];
      session.close();
      expect(items.map((i) => i.call_id ?? i.type)).toEqual([
        "message", // Note milk
        "c1",
        "c1",
        "message", // Noted milk.
        "message", // Note eggs, then wait
        "c2",
        "c2",
        // turn 2 of the second run (the call to "hang") was never completed: not stored
      ]);
      expect(items[4]?.content).toBe("Note eggs, then wait");
      expect(server.requests).toHaveLength(4);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
