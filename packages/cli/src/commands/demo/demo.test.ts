import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { FakeTTY } from "../../../test/support/terminal.js";
import { EXIT } from "../../exit-codes.js";
import { demoCommand, RECORDING } from "./demo.js";

function io() {
  const stdout = Object.assign(new FakeTTY(), { isTTY: false });
  const stderr = Object.assign(new FakeTTY(), { isTTY: false });
  return { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: tmpdir() };
}

describe("demoCommand", () => {
  it("fails with a diff when a request differs from the recording", async () => {
    // The same recording, except that its second request says the add tool returned 7: our real
    // add returns 5, so the request the loop sends no longer matches.
    const dir = await mkdtemp(join(tmpdir(), "openloop-demo-"));
    const tampered = join(dir, "tampered.yaml");
    const original = await readFile(RECORDING.file, "utf8");
    const changed = original.replace('{"content":"5","tool_call_id"', '{"content":"7","tool_call_id"');
    expect(changed).not.toBe(original);
    await writeFile(tampered, changed);

    const streams = io();
    const code = await demoCommand({}, streams, tampered);
    expect(code).toBe(EXIT.failed);
    expect(streams.stdout.text).toContain("✓ request 1 matches the recorded request 1 of 2");
    expect(streams.stderr.text).toContain(
      '✗ request 2 differs from the recording:\n    messages[3].content: recorded "7", sent "5"',
    );
    expect(streams.stdout.text).not.toContain("Replay complete");
  });
});
