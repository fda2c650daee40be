import { describe, expect, test } from "vitest";
import { parseBenchArgs } from "./options.js";

describe("pnpm bench's arguments", () => {
  test("default to everything, 3 rounds (1 with --quick), no waiting", () => {
    expect(parseBenchArgs([])).toMatchObject({ quick: false, rounds: 3, waitQuietMinutes: undefined });
    expect([...parseBenchArgs([]).only]).toEqual(["loop", "sse", "sandbox"]);
    expect(parseBenchArgs(["--quick"])).toMatchObject({ quick: true, rounds: 1 });
    expect(parseBenchArgs(["--", "--quick"])).toMatchObject({ quick: true });
  });

  test("take values as `--name value` or `--name=value`", () => {
    const options = parseBenchArgs(["--only", "loop,sse", "--rounds=5", "--wait-quiet=10", "--render-only"]);
    expect([...options.only]).toEqual(["loop", "sse"]);
    expect(options).toMatchObject({ rounds: 5, waitQuietMinutes: 10, renderOnly: true });
    expect(parseBenchArgs(["--wait-quiet"]).waitQuietMinutes).toBe(30);
  });

  // Every run overwrites latest.json and the docs: a typo must stop it, not publish an empty report.
  test("reject a typo, an unknown part or a bad number with a message naming it", () => {
    expect(() => parseBenchArgs(["--only", "lop"])).toThrow(/--only takes loop, sse, sandbox.*"lop"/);
    expect(() => parseBenchArgs(["--only", "loop,"])).toThrow(/--only takes/);
    expect(() => parseBenchArgs(["--rounds", "x"])).toThrow(/--rounds must be a whole number.*"x"/);
    expect(() => parseBenchArgs(["--rounds", "0"])).toThrow(/--rounds/);
    expect(() => parseBenchArgs(["--rounds"])).toThrow(/--rounds needs a value/);
    expect(() => parseBenchArgs(["--rounds", "--quick"])).toThrow(/--rounds needs a value/);
    expect(() => parseBenchArgs(["--wait-quiet=soon"])).toThrow(/--wait-quiet=MINUTES/);
    expect(() => parseBenchArgs(["--quik"])).toThrow(/unknown argument "--quik"\nusage: pnpm bench/);
    expect(() => parseBenchArgs(["--quick=yes"])).toThrow(/--quick takes no value/);
  });
});
