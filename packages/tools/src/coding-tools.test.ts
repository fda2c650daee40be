import type { AnyFunctionTool } from "@openloop/core";
import { validateAgainstSpec } from "@openloop/protocol/fixtures";
import { describe, expect, it } from "vitest";
import { tmpWorkspace } from "../test/support/tmp-workspace.js";
import { codingTools } from "./coding-tools.js";
import { Workspace } from "./workspace/index.js";

/** What each tool's needsApproval says for one sample call. */
async function approvals(tools: AnyFunctionTool[], args: Record<string, object>) {
  const out: Record<string, boolean> = {};
  for (const tool of tools) {
    const rule = tool.needsApproval;
    const ctx = { callId: "c", runContext: undefined };
    out[tool.name] = typeof rule === "function" ? await rule(args[tool.name] ?? {}, ctx) : rule;
  }
  return out;
}

const SAMPLE = {
  write_file: { path: "src/a.ts", content: "" },
  edit_file: { path: "README.md", old_text: "a", new_text: "b" },
  shell: { command: "npm test -- --run" },
};

describe("codingTools", () => {
  it("returns the seven tools, strict, with descriptions for the model", () => {
    const tools = codingTools({ root: tmpWorkspace().root });
    expect(tools.map((t) => t.name)).toEqual([
      "read_file",
      "write_file",
      "edit_file",
      "list_dir",
      "glob",
      "grep",
      "shell",
    ]);
    for (const tool of tools) {
      expect(tool.strict, tool.name).toBe(true);
      expect(tool.description.length, tool.name).toBeGreaterThan(80);
    }
  });

  it("defines each tool as the spec's FunctionToolParam", () => {
    for (const t of codingTools({ root: tmpWorkspace().root })) {
      const sent = {
        type: t.type,
        name: t.name,
        description: t.description,
        parameters: t.parameters,
        strict: t.strict,
      };
      expect(validateAgainstSpec("FunctionToolParam", sent), t.name).toEqual([]);
    }
  });

  it("leaves shell out on request, and accepts a Workspace", () => {
    const ws = new Workspace(tmpWorkspace().root);
    expect(codingTools({ root: ws, shell: false }).map((t) => t.name)).not.toContain("shell");
  });

  it('asks approval for every mutating call by default ("always"), never for reading', async () => {
    const tools = codingTools({ root: tmpWorkspace().root });
    expect(await approvals(tools, SAMPLE)).toEqual({
      read_file: false,
      write_file: true,
      edit_file: true,
      list_dir: false,
      glob: false,
      grep: false,
      shell: true,
    });
  });

  it('asks nothing with "never"', async () => {
    const tools = codingTools({ root: tmpWorkspace().root, approval: "never" });
    expect(Object.values(await approvals(tools, SAMPLE)).every((needs) => needs === false)).toBe(true);
  });

  it("applies per-tool policies: path globs for files, command patterns for shell", async () => {
    const tools = codingTools({
      root: tmpWorkspace().root,
      approval: { write_file: { allow: ["src/**"] }, edit_file: "always", shell: { allow: ["npm test*"] } },
    });
    expect(await approvals(tools, SAMPLE)).toMatchObject({
      write_file: false,
      edit_file: true,
      shell: false,
    });
    expect(
      await approvals(tools, {
        write_file: { path: "package.json", content: "" },
        shell: { command: "npm test && npm publish" },
      }),
    ).toMatchObject({ write_file: true, shell: true });
  });

  it("rejects a root that is not a directory and a malformed approval, before any call", () => {
    const t = tmpWorkspace({ "f.txt": "" });
    expect(() => codingTools({ root: `${t.root}/f.txt` })).toThrow(
      expect.objectContaining({ code: "invalid_config" }),
    );
    expect(() => codingTools({ root: t.root, approval: { allow: "*" } as never })).toThrow(
      expect.objectContaining({ code: "invalid_config" }),
    );
  });
});
