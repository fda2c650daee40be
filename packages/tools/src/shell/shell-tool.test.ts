import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { invoke, tmpWorkspace } from "../../test/support/tmp-workspace.js";
import { Workspace } from "../workspace/index.js";
import { type ShellOptions, shellTool } from "./shell-tool.js";

function setup(options: ShellOptions = {}) {
  const t = tmpWorkspace({ "sub/file.txt": "hello from sub\n" });
  return { ...t, shell: shellTool({ workspace: new Workspace(t.root), approval: "never", ...options }) };
}

/** Whether a process still runs (a zombie waiting for a reaper counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

/**
 * Resolves once `check()` holds, polling on the event loop (bounded by the test's own timeout).
 * A killed process may still be finishing its exit when its pipes close (the kernel closes its
 * files first), so "it dies" is checked as "it is gone soon after", never at one instant.
 */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

const pidsIn = (root: string, name: string) =>
  readFileSync(join(root, name), "utf8").trim().split(/\s+/).map(Number);

describe("shell", () => {
  it("returns stdout and stderr in the order written, then the exit code", async () => {
    const { shell } = setup();
    const { output } = await invoke(shell, { command: "echo one; echo two >&2; echo three; exit 3" });
    expect(output).toBe("one\ntwo\nthree\n[Exit code 3]");
  });

  it("runs in the workspace root, or in a directory inside it", async () => {
    const { root, shell } = setup();
    expect((await invoke(shell, { command: "pwd" })).output).toBe(`${root}\n[Exit code 0]`);
    expect((await invoke(shell, { command: "cat file.txt", cwd: "sub" })).output).toBe(
      "hello from sub\n[Exit code 0]",
    );
  });

  it("refuses a working directory outside the workspace, or that is a file", async () => {
    const { shell } = setup();
    expect((await invoke(shell, { command: "pwd", cwd: ".." })).error?.code).toBe("path_outside_workspace");
    expect((await invoke(shell, { command: "pwd", cwd: "/tmp" })).error?.code).toBe("path_outside_workspace");
    expect((await invoke(shell, { command: "pwd", cwd: "sub/file.txt" })).output).toContain(
      "is a file, not a directory",
    );
  });

  describe("environment", () => {
    beforeEach(() => {
      process.env.OPENLOOP_TEST_API_KEY = "sk-parent-secret";
      process.env.OPENLOOP_TEST_PASSED = "passed-on";
    });
    afterEach(() => {
      delete process.env.OPENLOOP_TEST_API_KEY;
      delete process.env.OPENLOOP_TEST_PASSED;
    });

    it("hides the parent's variables: a secret is not visible to the command", async () => {
      const { shell } = setup();
      const { output } = await invoke(shell, { command: 'env; echo "key=[$OPENLOOP_TEST_API_KEY]"' });
      expect(output).not.toContain("sk-parent-secret");
      expect(output).toContain("key=[]");
      const names = output.split("\n").flatMap((line) => /^([A-Z_][A-Z0-9_]*)=/.exec(line)?.[1] ?? []);
      const bashOwn = ["PWD", "SHLVL", "_", "OLDPWD"];
      const allowed = [
        "PATH",
        "HOME",
        "USER",
        "LOGNAME",
        "LANG",
        "LC_ALL",
        "LC_CTYPE",
        "TZ",
        "TMPDIR",
        "TERM",
        "NO_COLOR",
      ];
      expect(names.filter((name) => ![...allowed, ...bashOwn].includes(name))).toEqual([]);
      expect(output).toContain(`PATH=${process.env.PATH}`);
    });

    it("passes on variables named in passEnv, and sets those in env", async () => {
      const { shell } = setup({ passEnv: ["OPENLOOP_TEST_PASSED"], env: { CI: "1" } });
      const { output } = await invoke(shell, {
        command: 'echo "$OPENLOOP_TEST_PASSED $CI $OPENLOOP_TEST_API_KEY."',
      });
      expect(output).toBe("passed-on 1 .\n[Exit code 0]");
    });
  });

  it("kills the whole process group on timeout, children included, and keeps the output so far", async () => {
    const { root, shell } = setup();
    const { output } = await invoke(shell, {
      command: "echo started; sleep 60 & echo $! > pids; (sleep 60; echo never) & echo $! >> pids; sleep 60",
      timeout_ms: 300,
    });
    expect(output).toBe(
      "started\n[Timed out after 300 ms: the command and the processes it started were stopped. " +
        "Pass a larger timeout_ms (at most 600000) if it needs longer.]",
    );
    for (const pid of pidsIn(root, "pids")) await until(() => !alive(pid));
  });

  it("kills with SIGKILL what ignores SIGTERM, after the grace period", async () => {
    const { root, shell } = setup({ killGraceMs: 100 });
    const { output } = await invoke(shell, {
      command: "trap '' TERM; sh -c 'trap \"\" TERM; echo $$ > pid; sleep 60'",
      timeout_ms: 300,
    });
    expect(output).toContain("[Timed out after 300 ms");
    const [pid] = pidsIn(root, "pid");
    await until(() => !alive(pid!));
  });

  it("stops background processes a command leaves behind when it exits", async () => {
    const { root, shell } = setup({ timeoutMs: 20_000 });
    const { output } = await invoke(shell, { command: "sleep 60 & echo $! > pid; echo done" });
    expect(output).toBe("done\n[Exit code 0]");
    const [pid] = pidsIn(root, "pid");
    await until(() => !alive(pid!));
  });

  it("returns when the command exits, even if a process it started with setsid holds the output open", async () => {
    // Regression: the call waited for the escaped process to end (forever, for a server).
    const { root, shell } = setup({ killGraceMs: 200 });
    let escaped: number | undefined;
    try {
      const { output } = await invoke(shell, {
        command:
          "setsid sh -c 'echo $$ > pid; exec sleep 60' & while [ ! -s pid ]; do sleep 0.05; done; echo started",
      });
      [escaped] = pidsIn(root, "pid");
      expect(output).toMatch(/^started\n\[Exit code 0\]\n\[The output was cut off when the command exited/);
      expect(output).toContain("(setsid, a daemon) still holds it open and was not stopped");
      expect(alive(escaped!)).toBe(true); // not ours to stop: it left the group
    } finally {
      if (escaped !== undefined) process.kill(escaped, "SIGKILL");
    }
  });

  it("kills the command when the run is aborted", async () => {
    const { root, shell } = setup();
    const controller = new AbortController();
    const pidFile = join(root, "pid");
    const call = invoke(shell, { command: "echo $$ > pid; sleep 60" }, { signal: controller.signal });
    await until(() => existsSync(pidFile) && readFileSync(pidFile, "utf8").endsWith("\n"));
    controller.abort(new Error("stop"));
    expect((await call).error?.code).toBe("aborted");
    const [pid] = pidsIn(root, "pid");
    await until(() => !alive(pid!));
  });

  it("cuts long output to its start and end, saying how much was left out", async () => {
    const { shell } = setup({ maxOutputBytes: 1000 });
    const { output } = await invoke(shell, { command: "seq 1 100000" });
    const total = Array.from({ length: 100_000 }, (_, i) => `${i + 1}\n`).join("").length;
    expect(output.startsWith("1\n2\n3\n")).toBe(true);
    expect(output.endsWith("99999\n100000\n[Exit code 0]")).toBe(true);
    expect(output).toMatch(new RegExp(`\\[… \\d+ bytes of output omitted; ${total} in all\\.`));
    expect(output.length).toBeLessThan(1300);
  });

  it("reports no output, a signal, and a command that wanted input", async () => {
    const { shell } = setup();
    expect((await invoke(shell, { command: "true" })).output).toBe("(no output)\n[Exit code 0]");
    expect((await invoke(shell, { command: "kill -9 $$" })).output).toBe("(no output)\n[Killed by SIGKILL]");
    // No stdin: `cat` reads end-of-file at once instead of waiting forever.
    expect((await invoke(shell, { command: "cat; echo after" })).output).toBe("after\n[Exit code 0]");
  });

  it("reports a bash syntax error as output with its exit code", async () => {
    const { shell } = setup();
    const { output } = await invoke(shell, { command: "if then fi" });
    expect(output).toMatch(/syntax error/);
    expect(output).toMatch(/\[Exit code 2\]$/);
  });

  it("rejects invalid options at definition time", () => {
    const ws = new Workspace(tmpWorkspace().root);
    expect(() => shellTool({ workspace: ws, timeoutMs: 0 })).toThrow(
      /`shell.timeoutMs` to be a finite number above 0/,
    );
    expect(() => shellTool({ workspace: ws, maxOutputBytes: Number.NaN })).toThrow(/maxOutputBytes/);
  });
});
