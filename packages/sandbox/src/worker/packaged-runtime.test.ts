import { execFile, fork } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

// The build copies the plain-JavaScript runtime next to the compiled modules (dist/worker,
// dist/isolate). Copy it the same way into a scratch directory inside the package (so that
// `isolated-vm` resolves as it does from dist/) and check that the copy works on its own.
const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const outDir = mkdtempSync(join(packageDir, ".runtime-copy-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("the packaged worker runtime", () => {
  it("is copied by the build step and runs a cell from the copy", async () => {
    await promisify(execFile)(process.execPath, [join(packageDir, "scripts/copy-runtime.mjs"), outDir]);
    for (const file of [
      "worker/main.mjs",
      "worker/realm.mjs",
      "worker/run-cell.mjs",
      "worker/cell-transform.mjs",
      "isolate/harden.js",
      "isolate/bootstrap.js",
      "isolate/capture.js",
      "isolate/inspect.js",
    ]) {
      expect(existsSync(join(outDir, file))).toBe(true);
    }
    const child = fork(join(outDir, "worker/main.mjs"), ["--memory-mb=16"], {
      execArgv: ["--no-node-snapshot"],
      env: {},
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    try {
      const messages: Array<Record<string, unknown>> = [];
      const next = (t: string) =>
        new Promise<Record<string, unknown>>((resolve) => {
          const onMessage = (m: Record<string, unknown>) => {
            messages.push(m);
            if (m.t === t) {
              child.off("message", onMessage);
              resolve(m);
            }
          };
          child.on("message", onMessage);
        });
      await next("ready");
      const config = {
        token: "r1",
        tools: [],
        limits: {
          maxOutputChars: 1000,
          maxResultChars: 1000,
          maxToolCalls: 0,
          maxToolArgsChars: 10,
          hugeStringChars: 1e6,
        },
      };
      const done = next("done");
      child.send({
        t: "run",
        id: "r1",
        code: "console.log('from the copy'); 6 * 7",
        filename: "cell-1.js",
        session: null,
        timeoutMs: 5000,
        config: JSON.stringify(config),
      });
      expect(await done).toMatchObject({ status: "ok", stdout: "from the copy\n", result: { json: "42" } });
    } finally {
      child.kill("SIGKILL");
    }
  });
});
