import { readFileSync } from "node:fs";
import { join } from "node:path";
import { executeToolCalls } from "@openloop/core";
import { describe, expect, it } from "vitest";
import { invoke, SECRET, tmpWorkspace } from "../../test/support/tmp-workspace.js";
import { Workspace } from "../workspace/index.js";
import { editFileTool, MAX_EDIT_BYTES } from "./edit-file.js";
import { writeFileTool } from "./write-file.js";

const SOURCE = [
  "function greet(name) {",
  '  return "hello, " + name;',
  "}",
  "",
  "function part(name) {",
  '  return "hello, " + name;',
  "}",
  "",
].join("\n");

function setup(entries: Parameters<typeof tmpWorkspace>[0] = { "src/app.js": SOURCE }) {
  const t = tmpWorkspace(entries);
  const edit = editFileTool({ workspace: new Workspace(t.root), approval: "never" });
  return { ...t, edit, content: (path = "src/app.js") => readFileSync(join(t.root, path), "utf8") };
}

describe("edit_file", () => {
  it("replaces text that occurs exactly once and says where", async () => {
    const { edit, content } = setup();
    const { output } = await invoke(edit, {
      path: "src/app.js",
      old_text: "function part",
      new_text: "function bye",
    });
    expect(output).toBe('Edited "src/app.js": replaced 1 occurrence (at line 5).');
    expect(content()).toBe(SOURCE.replace("function part", "function bye"));
  });

  it("refuses text that does not occur, leaving the file alone", async () => {
    const { edit, content } = setup();
    const { output, error } = await invoke(edit, {
      path: "src/app.js",
      old_text: 'return "hi, " + name;',
      new_text: "x",
    });
    expect(error).toMatchObject({ code: "tool_error", details: { matches: 0 } });
    expect(output).toContain('old_text was not found in "src/app.js". It must match the file exactly');
    expect(content()).toBe(SOURCE);
  });

  it("refuses text that occurs more than once, saying how many times and where", async () => {
    const { edit, content } = setup();
    const { output, error } = await invoke(edit, {
      path: "src/app.js",
      old_text: '  return "hello, " + name;',
      new_text: '  return "hi, " + name;',
    });
    expect(error).toMatchObject({ code: "tool_error", details: { matches: 2, lines: [2, 6] } });
    expect(output).toContain(
      'old_text occurs 2 times in "src/app.js" (at lines 2, 6); it must occur exactly once.',
    );
    expect(output).toContain("replace_all");
    expect(content()).toBe(SOURCE);
  });

  it("replaces every occurrence with replace_all", async () => {
    const { edit, content } = setup();
    const { output } = await invoke(edit, {
      path: "src/app.js",
      old_text: "hello",
      new_text: "hi",
      replace_all: true,
    });
    expect(output).toBe('Edited "src/app.js": replaced 2 occurrences (at lines 2, 6).');
    expect(content()).toBe(SOURCE.replaceAll("hello", "hi"));
  });

  it("counts occurrences without overlap, and replaces text with `$` patterns literally", async () => {
    const { edit, content } = setup({ "f.txt": "aaa $& b" });
    expect((await invoke(edit, { path: "f.txt", old_text: "aa", new_text: "x" })).output).toContain(
      "(at line 1)",
    );
    expect(content("f.txt")).toBe("xa $& b");
    await invoke(edit, { path: "f.txt", old_text: "$&", new_text: "$'$1" });
    expect(content("f.txt")).toBe("xa $'$1 b");
  });

  it("matches LF-written old_text in a CRLF file, writing CRLF back", async () => {
    const { edit, content } = setup({ "win.txt": "first\r\nsecond\r\nthird\r\n" });
    const { output } = await invoke(edit, {
      path: "win.txt",
      old_text: "first\nsecond",
      new_text: "one\ntwo",
    });
    expect(output).toBe('Edited "win.txt": replaced 1 occurrence (at line 1).');
    expect(content("win.txt")).toBe("one\r\ntwo\r\nthird\r\n");
  });

  it("refuses an empty old_text, a no-op edit, a missing file and a binary file", async () => {
    const { edit } = setup({ "bin.dat": Buffer.from([1, 0, 2]), "f.txt": "f" });
    expect((await invoke(edit, { path: "f.txt", old_text: "", new_text: "x" })).output).toContain(
      "use write_file",
    );
    expect((await invoke(edit, { path: "f.txt", old_text: "f", new_text: "f" })).output).toContain(
      "nothing to change",
    );
    expect((await invoke(edit, { path: "new.txt", old_text: "a", new_text: "b" })).output).toContain(
      "does not exist",
    );
    expect((await invoke(edit, { path: "bin.dat", old_text: "a", new_text: "b" })).output).toContain(
      "binary file",
    );
  });

  it("refuses a file too large to load, pointing to shell", async () => {
    const { edit } = setup({ "huge.log": Buffer.alloc(MAX_EDIT_BYTES + 1, "a") });
    const { output } = await invoke(edit, { path: "huge.log", old_text: "a", new_text: "b" });
    expect(output).toContain('"huge.log" is 10485761 bytes, more than edit_file handles (10 MB). Use shell');
  });

  it("never edits a file outside the workspace", async () => {
    const t = setup({});
    t.add({ "link.txt": { link: "../outside/secret.txt" } });
    for (const path of ["../outside/secret.txt", "link.txt"]) {
      const { error } = await invoke(t.edit, { path, old_text: "TOP", new_text: "NOT" });
      expect(error?.code).toBe("path_outside_workspace");
    }
    expect(readFileSync(join(t.outside, "secret.txt"), "utf8")).toBe(SECRET);
  });

  it("applies parallel edits of one file one after another, so none is lost", async () => {
    // Regression: the loop runs one turn's calls concurrently; each edit read the file before the
    // others wrote it, every call said "Edited", and only the last edit remained.
    const t = setup({ "a.txt": "one\ntwo\nthree\n" });
    const workspace = new Workspace(t.root);
    const tools = [
      editFileTool({ workspace, approval: "never" }),
      writeFileTool({ workspace, approval: "never" }),
    ];
    const edit = (id: string, path: string, old_text: string, new_text: string) => ({
      call_id: id,
      name: "edit_file",
      arguments: JSON.stringify({ path, old_text, new_text }),
    });
    const { items } = await executeToolCalls(
      [
        edit("1", "a.txt", "one", "ONE"),
        edit("2", "./a.txt", "two", "TWO"), // the same file, spelt differently
        edit("3", join(t.root, "a.txt"), "three", "THREE"),
      ],
      { tools },
    );
    expect(items.map((item) => item.output)).toEqual([
      'Edited "a.txt": replaced 1 occurrence (at line 1).',
      'Edited "./a.txt": replaced 1 occurrence (at line 2).',
      `Edited ${JSON.stringify(join(t.root, "a.txt"))}: replaced 1 occurrence (at line 3).`,
    ]);
    expect(t.content("a.txt")).toBe("ONE\nTWO\nTHREE\n");

    // A write and an edit of one file in one turn: they run in call order, whole.
    await executeToolCalls(
      [
        {
          call_id: "4",
          name: "write_file",
          arguments: JSON.stringify({ path: "a.txt", content: "x = 1\n" }),
        },
        edit("5", "a.txt", "x = 1", "x = 2"),
      ],
      { tools },
    );
    expect(t.content("a.txt")).toBe("x = 2\n");
  });
});
