import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { OpenloopError } from "@openloop/protocol";
import { describe, expect, it } from "vitest";
import { SECRET, tmpWorkspace } from "../../test/support/tmp-workspace.js";
import { Workspace } from "./workspace.js";

const outsideError = (path: string) =>
  expect.objectContaining({
    code: "path_outside_workspace",
    message: expect.stringContaining(`Path ${JSON.stringify(path)}`),
  });

describe("Workspace.resolve", () => {
  it("resolves relative and absolute paths inside the root to real paths", async () => {
    const t = tmpWorkspace({ "src/a.ts": "a" });
    const ws = new Workspace(t.root);
    expect(await ws.resolve("src/a.ts")).toBe(join(t.root, "src/a.ts"));
    expect(await ws.resolve("./src/../src/a.ts")).toBe(join(t.root, "src/a.ts"));
    expect(await ws.resolve(join(t.root, "src/a.ts"))).toBe(join(t.root, "src/a.ts"));
    expect(await ws.resolve("")).toBe(t.root);
    expect(await ws.resolve(".")).toBe(t.root);
    expect(await ws.resolve("not/yet/there.txt")).toBe(join(t.root, "not/yet/there.txt"));
  });

  it.each(["..", "../outside/secret.txt", "src/../../outside/secret.txt", "../../../../../../etc/passwd"])(
    "refuses the traversal %j",
    async (path) => {
      const ws = new Workspace(tmpWorkspace({ "src/a.ts": "a" }).root);
      await expect(ws.resolve(path)).rejects.toEqual(outsideError(path));
    },
  );

  it("refuses absolute paths outside the root, even one that shares its prefix", async () => {
    const t = tmpWorkspace();
    const ws = new Workspace(t.root);
    for (const path of ["/etc/passwd", join(t.outside, "secret.txt"), `${t.root}-evil/x`, "/"]) {
      await expect(ws.resolve(path)).rejects.toEqual(outsideError(path));
    }
  });

  it("takes percent-encoded and backslashed traversals literally, as names inside the root", async () => {
    const t = tmpWorkspace();
    const ws = new Workspace(t.root);
    for (const path of [
      "%2e%2e/outside/secret.txt",
      "..%2foutside%2fsecret.txt",
      "..\\outside\\secret.txt",
    ]) {
      const real = await ws.resolve(path);
      expect(real.startsWith(`${t.root}/`)).toBe(true);
      expect(real).toBe(join(t.root, path));
    }
  });

  it("refuses a NUL byte with a typed error", async () => {
    const ws = new Workspace(tmpWorkspace().root);
    await expect(ws.resolve("a\0b")).rejects.toSatisfy(
      (e) => OpenloopError.is(e, "tool_error") && /NUL byte/.test((e as Error).message),
    );
  });

  it("follows symbolic links that stay inside", async () => {
    const t = tmpWorkspace({ "src/a.ts": "a", alias: { link: "src" }, "a-link.ts": { link: "src/a.ts" } });
    const ws = new Workspace(t.root);
    expect(await ws.resolve("alias/a.ts")).toBe(join(t.root, "src/a.ts"));
    expect(await ws.resolve("a-link.ts")).toBe(join(t.root, "src/a.ts"));
  });

  it("refuses file and directory symlinks pointing outside, relative or absolute", async () => {
    const t = tmpWorkspace();
    t.add({
      "rel-file": { link: "../outside/secret.txt" },
      "abs-file": { link: join(t.outside, "secret.txt") },
      "rel-dir": { link: "../outside" },
      "deep/abs-dir": { link: t.outside },
      hop: { link: "deep/abs-dir" },
    });
    const ws = new Workspace(t.root);
    for (const path of [
      "rel-file",
      "abs-file",
      "rel-dir/secret.txt",
      "deep/abs-dir/dir/secret.txt",
      "hop/secret.txt",
    ]) {
      await expect(ws.resolve(path)).rejects.toEqual(
        expect.objectContaining({
          code: "path_outside_workspace",
          message: expect.stringContaining("symbolic link"),
        }),
      );
    }
    // Also for a file that does not exist yet behind the link: it would be created outside.
    await expect(ws.resolve("rel-dir/new.txt")).rejects.toEqual(outsideError("rel-dir/new.txt"));
  });

  it("refuses a dangling symlink whose target would be created outside", async () => {
    const t = tmpWorkspace();
    t.add({ trap: { link: "../outside/created-by-write.txt" }, chain: { link: "trap" } });
    const ws = new Workspace(t.root);
    await expect(ws.resolve("trap")).rejects.toEqual(outsideError("trap"));
    await expect(ws.resolve("chain")).rejects.toEqual(outsideError("chain"));
    // A dangling link that stays inside resolves to where its target would be.
    t.add({ later: { link: "later-target.txt" } });
    expect(await ws.resolve("later")).toBe(join(t.root, "later-target.txt"));
  });

  it("reports a symlink cycle as a tool error instead of looping", async () => {
    const t = tmpWorkspace({ a: { link: "b" }, b: { link: "a" } });
    const ws = new Workspace(t.root);
    await expect(ws.resolve("a/x")).rejects.toSatisfy(
      (e) => OpenloopError.is(e, "tool_error") && /symbolic links/.test((e as Error).message),
    );
  });

  it("accepts a root given through a symlink, and absolute paths spelt through it", async () => {
    const t = tmpWorkspace({ "f.txt": "f" });
    const alias = join(t.outside, "..", "alias");
    symlinkSync(t.root, alias);
    const ws = new Workspace(alias);
    expect(ws.root).toBe(t.root);
    expect(await ws.resolve(join(alias, "f.txt"))).toBe(join(t.root, "f.txt"));
    await expect(ws.resolve(join(alias, "..", "outside", "secret.txt"))).rejects.toMatchObject({
      code: "path_outside_workspace",
    });
  });

  it("refuses a root that is missing or a file, as a configuration error", () => {
    const t = tmpWorkspace({ "f.txt": "f" });
    expect(() => new Workspace(join(t.root, "missing"))).toThrow(
      expect.objectContaining({
        code: "invalid_config",
        message: expect.stringContaining("existing directory"),
      }),
    );
    expect(() => new Workspace(join(t.root, "f.txt"))).toThrow(
      expect.objectContaining({ code: "invalid_config" }),
    );
    expect(() => new Workspace("")).toThrow(expect.objectContaining({ code: "invalid_config" }));
  });

  it("gives workspace-relative paths with forward slashes", () => {
    const t = tmpWorkspace();
    const ws = new Workspace(t.root);
    expect(ws.relative(join(t.root, "a", "b.txt"))).toBe("a/b.txt");
    expect(ws.relative(t.root)).toBe(".");
  });
});

describe("Workspace.open", () => {
  it("creates missing parents inside the root for a write, and only there", async () => {
    const t = tmpWorkspace();
    t.add({ out: { link: "../outside" } });
    const ws = new Workspace(t.root);
    const file = await ws.open("a/b/c.txt", "write");
    await file.handle.close();
    expect(file).toMatchObject({ created: true, path: join(t.root, "a/b/c.txt") });
    await expect(ws.open("out/new-dir/x.txt", "write")).rejects.toMatchObject({
      code: "path_outside_workspace",
    });
    expect(existsSync(join(t.outside, "new-dir"))).toBe(false);
  });

  it("maps fs failures to tool errors that say what to do", async () => {
    const t = tmpWorkspace({ "f.txt": "f" });
    mkdirSync(join(t.root, "d"));
    const ws = new Workspace(t.root);
    await expect(ws.open("missing.txt", "read")).rejects.toMatchObject({
      code: "tool_error",
      message: '"missing.txt" does not exist. Use list_dir or glob to find the right path.',
    });
    await expect(ws.open("f.txt/child", "write")).rejects.toMatchObject({ code: "tool_error" });
    await expect(ws.open("d", "write")).rejects.toMatchObject({
      code: "tool_error",
      message: expect.stringContaining("is a directory"),
    });
  });

  it("refuses a FIFO at once instead of waiting for a writer", async () => {
    const t = tmpWorkspace();
    execFileSync("mkfifo", [join(t.root, "pipe")]);
    const ws = new Workspace(t.root);
    for (const mode of ["read", "update", "write"] as const) {
      await expect(ws.open("pipe", mode)).rejects.toMatchObject({
        code: "tool_error",
        message:
          '"pipe" is not a regular file (a FIFO, socket or device); the file tools only use regular files.',
      });
    }
  });

  it("never reads the secret, whichever way the path is spelt", async () => {
    const t = tmpWorkspace();
    t.add({ l: { link: "../outside" } });
    const ws = new Workspace(t.root);
    for (const path of [
      "../outside/secret.txt",
      join(t.outside, "secret.txt"),
      "l/secret.txt",
      "l/dir/../secret.txt",
    ]) {
      const read = ws.open(path, "read").then(async (f) => {
        const text = await readFile(f.handle, "utf8");
        await f.handle.close();
        return text;
      });
      await expect(read).rejects.toMatchObject({ code: "path_outside_workspace" });
    }
    expect(await readFile(join(t.outside, "secret.txt"), "utf8")).toBe(SECRET);
  });
});

describe("Workspace.exclusive", () => {
  it("runs calls for one file one at a time, however the path is spelt, and goes on after a failure", async () => {
    const t = tmpWorkspace({ "f.txt": "f", "g.txt": "g" });
    const ws = new Workspace(t.root);
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = ws.exclusive("f.txt", async () => {
      log.push("first start");
      await gate;
      log.push("first end");
      throw new Error("first failed");
    });
    const second = ws.exclusive(join(t.root, "f.txt"), async () => {
      log.push("second");
      return 2;
    });
    // Another file does not wait.
    expect(await ws.exclusive("g.txt", async () => "other")).toBe("other");
    expect(log).toEqual(["first start"]);
    release();
    await expect(first).rejects.toThrow("first failed");
    expect(await second).toBe(2);
    expect(log).toEqual(["first start", "first end", "second"]);
  });

  it("keeps call order for one file even when the earlier call's path takes longer to resolve", async () => {
    // The file and 40 directories above it do not exist yet (a write creates them): resolving walks
    // up every missing level. The first spelling also goes through ten dangling links first.
    const deep = Array.from({ length: 40 }, (_, i) => `d${i}`).join("/");
    const t = tmpWorkspace({ hop0: { link: deep } });
    for (let i = 1; i <= 10; i++) t.add({ [`hop${i}`]: { link: `hop${i - 1}` } });
    const ws = new Workspace(t.root);
    expect(await ws.resolve("hop10/new.txt")).toBe(join(t.root, deep, "new.txt"));
    const order: string[] = [];
    await Promise.all([
      ws.exclusive("hop10/new.txt", async () => {
        order.push("first, through the links");
      }),
      ws.exclusive(`${deep}/new.txt`, async () => {
        order.push("second, direct");
      }),
    ]);
    expect(order).toEqual(["first, through the links", "second, direct"]);
  });

  it("refuses a path outside the workspace before running anything", async () => {
    const ws = new Workspace(tmpWorkspace().root);
    let ran = false;
    await expect(
      ws.exclusive("../outside/secret.txt", async () => {
        ran = true;
      }),
    ).rejects.toMatchObject({ code: "path_outside_workspace" });
    expect(ran).toBe(false);
  });
});
