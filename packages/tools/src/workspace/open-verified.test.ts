/**
 * The jail must hold when a path changes between the check and the open: another process (or a
 * command the model ran) swaps a symbolic link in at just that moment. These tests make the swap
 * happen deterministically, between `resolve` and `openVerified`.
 */
import { existsSync, readFileSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SECRET, tmpWorkspace } from "../../test/support/tmp-workspace.js";
import { EscapedError, openVerified } from "./open-verified.js";
import { Workspace } from "./workspace.js";

describe("openVerified", () => {
  it("refuses a last component swapped for a symlink after the check (O_NOFOLLOW)", async () => {
    const t = tmpWorkspace({ "f.txt": "mine" });
    const ws = new Workspace(t.root);
    const real = await ws.resolve("f.txt");
    rmSync(real);
    symlinkSync(join(t.outside, "secret.txt"), real);
    for (const mode of ["read", "write", "update"] as const) {
      await expect(openVerified(ws.root, real, mode)).rejects.toMatchObject({ code: "ELOOP" });
    }
    expect(readFileSync(join(t.outside, "secret.txt"), "utf8")).toBe(SECRET);
  });

  it("refuses a file reached through a directory swapped for a symlink after the check", async () => {
    const t = tmpWorkspace({ "dir/secret.txt": "mine" });
    const ws = new Workspace(t.root);
    const real = await ws.resolve("dir/secret.txt");
    renameSync(join(t.root, "dir"), join(t.root, "moved"));
    symlinkSync(join(t.outside, "dir"), join(t.root, "dir"));
    await expect(openVerified(ws.root, real, "read")).rejects.toBeInstanceOf(EscapedError);
    await expect(openVerified(ws.root, real, "update")).rejects.toBeInstanceOf(EscapedError);
    await expect(openVerified(ws.root, real, "write")).rejects.toBeInstanceOf(EscapedError);
    expect(readFileSync(join(t.outside, "dir", "secret.txt"), "utf8")).toBe(SECRET);
  });

  it("removes a file it created outside through a swapped directory", async () => {
    const t = tmpWorkspace({ "dir/keep.txt": "mine" });
    const ws = new Workspace(t.root);
    const real = await ws.resolve("dir/new.txt");
    renameSync(join(t.root, "dir"), join(t.root, "moved"));
    symlinkSync(join(t.outside, "dir"), join(t.root, "dir"));
    await expect(openVerified(ws.root, real, "write")).rejects.toBeInstanceOf(EscapedError);
    expect(existsSync(join(t.outside, "dir", "new.txt"))).toBe(false);
  });

  it("opens an ordinary file and says whether it created it", async () => {
    const t = tmpWorkspace({ "f.txt": "mine" });
    const ws = new Workspace(t.root);
    const existing = await openVerified(ws.root, await ws.resolve("f.txt"), "write");
    await existing.handle.close();
    const fresh = await openVerified(ws.root, await ws.resolve("g.txt"), "write");
    await fresh.handle.close();
    expect([existing.created, fresh.created]).toEqual([false, true]);
    // Opening for write does not truncate: the caller does, once the file is known to be inside.
    expect(readFileSync(join(t.root, "f.txt"), "utf8")).toBe("mine");
  });
});

describe("Workspace.open after a swap", () => {
  it("refuses a directory swapped for a symlink while opening, whenever the swap lands", async () => {
    const t = tmpWorkspace({ "dir/secret.txt": "mine" });
    const ws = new Workspace(t.root);
    const opening = ws.open("dir/secret.txt", "read");
    // `open` resolves first (asynchronously); swap the directory before it gets to open the file.
    renameSync(join(t.root, "dir"), join(t.root, "moved"));
    symlinkSync(join(t.outside, "dir"), join(t.root, "dir"));
    await expect(opening).rejects.toMatchObject({ code: "path_outside_workspace" });
  });
});
