/**
 * `@openloop/core` itself loads no native module: better-sqlite3 is loaded only by the
 * `@openloop/core/sqlite-session` subpath (an optional peer dependency).
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("../../../../../", import.meta.url));
const core = fileURLToPath(new URL("../../index.ts", import.meta.url));
const subpath = fileURLToPath(new URL("./index.ts", import.meta.url));

// Records every native addon the process opens, then imports the given module.
const probe = (file: string) => `
const opened = [];
const dlopen = process.dlopen;
process.dlopen = (module, filename, ...rest) => { opened.push(filename); return dlopen.call(process, module, filename, ...rest); };
const loaded = await import(${JSON.stringify(file)});
if (loaded.SqliteSession) new loaded.SqliteSession({ path: ":memory:" }).close();
console.log(JSON.stringify(opened));
`;

async function nativeModulesOf(file: string): Promise<string[]> {
  const { stdout } = await exec(
    process.execPath,
    ["--conditions=source", "--import", "tsx", "--input-type=module", "-e", probe(file)],
    { cwd: root },
  );
  return JSON.parse(stdout.trim().split("\n").pop()!) as string[];
}

describe("native modules", () => {
  it("@openloop/core opens none; the sqlite-session subpath opens better-sqlite3", async () => {
    expect(await nativeModulesOf(core)).toEqual([]);
    const opened = await nativeModulesOf(subpath);
    expect(opened.some((file) => file.includes("better_sqlite3") || file.includes("better-sqlite3"))).toBe(
      true,
    );
  });
});
