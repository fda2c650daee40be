/**
 * @module bench/support/child — running a bench script in a child process of its own.
 *
 * Children run TypeScript through tsx and load `@openloop/*` from source (no build step), but
 * resolve every other package as published: see `openloop-source.hooks.mjs`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const TSX = import.meta.resolve("tsx");
const SOURCE_HOOKS = import.meta.resolve("./openloop-source.ts");

/** The flags to start a TypeScript bench script with. */
export function nodeFlags(extra: readonly string[] = []): string[] {
  return ["--import", TSX, "--import", SOURCE_HOOKS, ...extra];
}

/** Absolute path of a file beside `base` (an `import.meta.url`). */
export function besides(base: string, file: string): string {
  return fileURLToPath(new URL(file, base));
}

/**
 * Runs `script` to its end and parses what it printed on stdout as JSON (all of it, or its last
 * line). Rejects with its stderr when it exits non-zero or prints no JSON.
 */
export function runJson<T>(
  script: string,
  args: readonly string[] = [],
  flags: readonly string[] = [],
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags(flags), script, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      err += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`${script} exited with ${code}:\n${err || out}`));
      // The whole output is one JSON document (pretty-printed or not), or its last line is.
      for (const text of [out, out.trim().split("\n").pop() ?? ""]) {
        try {
          return resolve(JSON.parse(text) as T);
        } catch {
          // try the next reading
        }
      }
      reject(new Error(`${script} printed no JSON:\n${out}\n${err}`));
    });
  });
}

/** A child that keeps running: its first stdout line parsed as JSON, and a way to stop it. */
export interface LiveChild<T> {
  info: T;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `script` and waits for its first stdout line (JSON); it runs until `stop()`. */
export function startJson<T>(script: string, args: readonly string[] = []): Promise<LiveChild<T>> {
  return new Promise<LiveChild<T>>((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags(), script, ...args], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    let out = "";
    const onData = (chunk: string) => {
      out += chunk;
      const newline = out.indexOf("\n");
      if (newline === -1) return;
      child.stdout.off("data", onData);
      try {
        const info = JSON.parse(out.slice(0, newline)) as T;
        resolve({
          info,
          process: child,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once("exit", () => done());
              child.stdin.end();
            }),
        });
      } catch (error) {
        child.kill();
        reject(error);
      }
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.on("error", reject);
    child.on("exit", (code) => {
      if (!out.includes("\n")) reject(new Error(`${script} exited with ${code} before it was ready`));
    });
  });
}
