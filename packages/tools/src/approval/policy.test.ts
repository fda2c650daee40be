import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tmpWorkspace } from "../../test/support/tmp-workspace.js";
import { Workspace } from "../workspace/index.js";
import { commandApproval, pathApproval } from "./needs-approval.js";
import { policyFor } from "./policy.js";

describe("policyFor", () => {
  it('defaults to "always", for every mutating tool', () => {
    expect(policyFor(undefined, "shell")).toBe("always");
    expect(policyFor({ shell: "never" }, "write_file")).toBe("always");
  });

  it("applies one policy to every tool, or one per tool", () => {
    const allow = { allow: ["src/**"] };
    expect(policyFor("never", "edit_file")).toBe("never");
    expect(policyFor(allow, "shell")).toBe(allow);
    expect(policyFor({ shell: allow, write_file: "never" }, "shell")).toBe(allow);
    expect(policyFor({ shell: allow, write_file: "never" }, "write_file")).toBe("never");
  });

  it("rejects malformed policies with a message naming the option", () => {
    expect(() => policyFor("sometimes" as never, "shell")).toThrow(
      'Expected `approval` to be "never", "always" or { allow: [...] }, got `sometimes` (string)',
    );
    expect(() => policyFor({ read_file: "never" } as never, "shell")).toThrow(
      "Expected `approval` keys to be write_file, edit_file, shell, got `read_file` (read-only tools never need approval)",
    );
    expect(() => policyFor({ allow: "npm test" } as never, "shell")).toThrow(
      'Expected `approval` to be "never", "always" or { allow: [...] }, got `{"allow":"npm test"}` (object)',
    );
    expect(() => policyFor({ shell: { allow: [""] } }, "shell")).toThrow(
      "Expected `approval.shell.allow[0]` to be a non-empty string or a RegExp, got `` (string)",
    );
  });
});

describe("commandApproval", () => {
  it("maps never/always to a constant and an allow-list to a check of the command", () => {
    expect(commandApproval("never")).toBe(false);
    expect(commandApproval("always")).toBe(true);
    const needs = commandApproval({ allow: ["git status", "npm test*"] }) as (a: {
      command: string;
    }) => boolean;
    expect(needs({ command: "git status" })).toBe(false);
    expect(needs({ command: "npm test -- -u" })).toBe(false);
    expect(needs({ command: "rm -rf dist" })).toBe(true);
  });
});

describe("pathApproval", () => {
  it("matches globs against where the write really lands", async () => {
    const t = tmpWorkspace({
      "src/a.ts": "",
      "docs/x.md": "",
      "src-alias": { link: "src" },
      sneaky: { link: "docs" },
    });
    const ws = new Workspace(t.root);
    const needs = pathApproval({ allow: ["src/**", "*.md"] }, ws) as (a: {
      path: string;
    }) => Promise<boolean>;
    expect(await needs({ path: "src/a.ts" })).toBe(false);
    expect(await needs({ path: "src/new/deep.ts" })).toBe(false);
    expect(await needs({ path: "README.md" })).toBe(false);
    expect(await needs({ path: join(t.root, "src/a.ts") })).toBe(false);
    expect(await needs({ path: "src-alias/a.ts" })).toBe(false); // lands in src/
    expect(await needs({ path: "docs/x.md" })).toBe(true); // *.md is the root only
    expect(await needs({ path: "sneaky/x.ts" })).toBe(true); // lands in docs/
    expect(await needs({ path: "package.json" })).toBe(true);
    expect(await needs({ path: ".env" })).toBe(true);
    // A path the jail refuses matches nothing: a human sees it (and the tool refuses it anyway).
    expect(await needs({ path: "../src/a.ts" })).toBe(true);
  });

  it("matches dotfiles and RegExps", async () => {
    const ws = new Workspace(tmpWorkspace().root);
    const needs = pathApproval({ allow: [".github/**", /\.test\.ts$/] }, ws) as (a: {
      path: string;
    }) => Promise<boolean>;
    expect(await needs({ path: ".github/workflows/ci.yml" })).toBe(false);
    expect(await needs({ path: "src/a.test.ts" })).toBe(false);
    expect(await needs({ path: "src/a.ts" })).toBe(true);
  });
});
