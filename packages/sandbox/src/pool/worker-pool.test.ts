import { execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { OpenloopError } from "@openloop/protocol";
import { describe, expect, it } from "vitest";
import { Sandbox } from "../sandbox/sandbox.js";

const run = promisify(execFile);

describe("worker processes", () => {
  it("start with an empty environment (bar Node's IPC variables) and explicit Node flags", async () => {
    const sandbox = new Sandbox({ workers: 1, limits: { memoryMb: 32 } });
    try {
      await sandbox.warmUp();
      const pid = sandbox.stats().workers[0]!.pid!;
      // Only what Node itself adds for the IPC channel.
      const env = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean);
      expect(env.map((kv) => kv.split("=")[0]).sort()).toEqual([
        "NODE_CHANNEL_FD",
        "NODE_CHANNEL_SERIALIZATION_MODE",
      ]);
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      expect(argv).toContain("--no-node-snapshot");
      expect(argv).toContain("--max-old-space-size=96");
    } finally {
      await sandbox.close();
    }
  });

  it("are recycled after recycleAfterRuns runs", async () => {
    const sandbox = new Sandbox({ workers: 1, recycleAfterRuns: 2 });
    try {
      const pids = [];
      for (let i = 0; i < 5; i++) pids.push((await sandbox.run("1")).stats.workerPid);
      expect(pids[0]).toBe(pids[1]);
      expect(pids[2]).not.toBe(pids[1]);
      expect(pids[2]).toBe(pids[3]);
      expect(pids[4]).not.toBe(pids[3]);
    } finally {
      await sandbox.close();
    }
  });

  it("are not recycled while they hold a session", async () => {
    const sandbox = new Sandbox({ workers: 1, recycleAfterRuns: 1 });
    try {
      const s = sandbox.session();
      await s.run("const x = 1");
      const r = await s.run("x + 1");
      expect(r.result?.json).toBe("2");
      expect(r.session?.previousStateLost).toBeNull();
    } finally {
      await sandbox.close();
    }
  });

  it("are killed by the parent at deadline + grace when they cannot stop the run themselves", async () => {
    const sandbox = new Sandbox({ workers: 1, killGraceMs: 100 });
    try {
      const pending = sandbox.run("await new Promise(() => {})", { timeoutMs: 300 });
      await waitFor(() => sandbox.stats().workers[0]?.state === "busy");
      const pid = sandbox.stats().workers[0]!.pid!;
      process.kill(pid, "SIGSTOP"); // a frozen worker cannot enforce anything
      const r = await pending;
      expect(r.status).toBe("timeout");
      expect(r.error?.message).toMatch(/worker process running it was killed/);
      expect((await sandbox.run("1 + 1")).result?.json).toBe("2");
    } finally {
      await sandbox.close();
    }
  });

  it("are killed past the RSS cap, and the run reports oom", async () => {
    const sandbox = new Sandbox({ workers: 1, maxWorkerRssMb: 128, limits: { memoryMb: 512 } });
    try {
      const r = await sandbox.run(
        "const big = new Uint8Array(300 * 2 ** 20).fill(1); await new Promise(() => {})",
      );
      expect(r.status).toBe("oom");
      expect(r.error?.message).toMatch(/exceeded 128 MB of resident memory/);
      expect((await sandbox.run("1 + 1")).result?.json).toBe("2");
    } finally {
      await sandbox.close();
    }
  });

  it("that keep failing to start open the crash-loop breaker: runs reject with sandbox_error", async () => {
    const sandbox = new Sandbox({
      workers: 1,
      execArgv: ["--require=/nonexistent/openloop-preload.cjs"],
      maxStartupFailures: 2,
      breakerCooldownMs: 60_000,
    });
    try {
      const err = await sandbox.run("1").then(
        () => null,
        (e: unknown) => e,
      );
      expect(OpenloopError.is(err, "sandbox_error")).toBe(true);
      expect((err as Error).message).toMatch(
        /keep failing to start \(2 consecutive failures\).*Cannot find module/s,
      );
      expect(sandbox.stats().breakerOpen).toBe(true);
      await expect(sandbox.run("1")).rejects.toSatisfy((e) => OpenloopError.is(e, "sandbox_error"));
    } finally {
      await sandbox.close();
    }
  });

  it("do not keep the host process alive when idle", async () => {
    const script = fileURLToPath(new URL("../../test/support/forgotten-sandbox.ts", import.meta.url));
    const { stdout } = await run(process.execPath, ["--conditions=source", "--import", "tsx", script], {
      timeout: 20_000,
    });
    expect(stdout).toBe("42\n");
  });

  it("do not outlive a host killed while they run code (regression: a busy worker lived until its deadline)", async () => {
    // process.exit() in the worker waited for the isolate's loop to hit its 30 s deadline.
    const script = fileURLToPath(new URL("../../test/support/abandoned-host.ts", import.meta.url));
    const host = spawn(process.execPath, ["--conditions=source", "--import", "tsx", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    host.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
    });
    await waitFor(() => out.endsWith("\n"));
    const pids = out.trim().split(",").map(Number);
    expect(pids).toHaveLength(2);
    expect(pids.every(isAlive)).toBe(true);
    host.kill("SIGKILL");
    // Within the test's timeout, well before the runs' 30 s deadline.
    await waitFor(() => !pids.some(isAlive));
  }, 15_000);

  it("let close() resolve in a program with nothing else to do (regression: exit was never seen)", async () => {
    const script = fileURLToPath(new URL("../../test/support/closing-sandbox.ts", import.meta.url));
    const { stdout } = await run(process.execPath, ["--conditions=source", "--import", "tsx", script], {
      timeout: 20_000,
    });
    expect(stdout).toBe("42 closed\n");
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
