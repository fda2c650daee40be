/**
 * @module testing-support/fixtures — loading the recorded provider traffic in the repo's `fixtures/`.
 *
 * For tests only (ours and other packages'): imported as `@openloop/protocol/fixtures`, never
 * by library code. Free of vitest so any test runner or script can use it.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";

/** The four wire folders of `fixtures/`. */
export type Wire = "responses" | "open-responses" | "chat-completions" | "anthropic-messages";

let found: string | undefined;

/**
 * Absolute path of the repository's `fixtures/` folder, looked up (once) on first use, so that the
 * spec checks of this entry point work where the recordings are not (an installed package).
 */
export function fixturesDir(): string {
  if (found !== undefined) return found;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "fixtures");
    if (existsSync(join(candidate, "SOURCE.md"))) {
      found = candidate;
      return found;
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(
        "The recorded fixtures (fixtures/SOURCE.md) are not in any folder above @openloop/protocol: " +
          "they come with the openloop repository, not with the package.",
      );
    dir = parent;
  }
}

/** Absolute path of a fixture file, e.g. `fixturePath("responses", "azure-text.1.chunks.txt")`. */
export function fixturePath(wire: Wire, file: string): string {
  return join(fixturesDir(), wire, file);
}

/** File names in one wire folder, sorted. */
export function listFixtures(wire: Wire): string[] {
  return readdirSync(join(fixturesDir(), wire)).sort();
}

/** One HTTP exchange of a cassette, normalised across VCR.py (v1) and go-vcr (v2) formats. */
export interface Interaction {
  method: string;
  url: string;
  /** The request body: parsed JSON when it was JSON, else the raw string (or undefined). */
  requestBody: unknown;
  status: number;
  headers: Record<string, string[]>;
  /** The exact response body text (for streams: the SSE bytes as sent). */
  body: string;
  /** True when the body is an SSE stream (`data:` lines). */
  isStream: boolean;
}

function asJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Parse a VCR.py (pydantic-ai) or go-vcr (fantasy) YAML cassette. */
export function loadCassette(path: string): Interaction[] {
  const doc = parseYaml(readFileSync(path, "utf8")) as {
    interactions: Record<string, Record<string, unknown>>[];
  };
  return doc.interactions.map((it) => {
    const rq = it.request ?? {};
    const rs = it.response ?? {};
    const rawBody = rs.body;
    let body: string;
    if (typeof rawBody === "string") body = rawBody;
    else if (
      rawBody &&
      typeof rawBody === "object" &&
      typeof (rawBody as { string?: unknown }).string === "string"
    )
      body = (rawBody as { string: string }).string;
    else body = JSON.stringify(rs.parsed_body ?? null);
    const status =
      typeof rs.code === "number"
        ? rs.code
        : Number((rs.status as { code?: unknown } | undefined)?.code ?? 0);
    return {
      method: String(rq.method ?? ""),
      url: String(rq.url ?? rq.uri ?? ""),
      requestBody: rq.parsed_body ?? asJson(rq.body),
      status,
      headers: (rs.headers ?? {}) as Record<string, string[]>,
      body,
      isStream: /^data:/m.test(body),
    };
  });
}

/** The `data:` payloads of an SSE text, in order, without `[DONE]` (a test helper, not a parser). */
export function ssePayloads(sse: string): string[] {
  const out: string[] = [];
  for (const frame of sse.split(/\r?\n\r?\n/)) {
    const data = frame
      .split(/\r?\n/)
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(line.startsWith("data: ") ? 6 : 5));
    if (data.length > 0 && data.join("\n") !== "[DONE]") out.push(data.join("\n"));
  }
  return out;
}

/** The lines of a `.chunks.txt` file: one JSON `data:` payload each. */
export function chunkLines(text: string): string[] {
  return text.split("\n").filter((line) => line !== "");
}

/**
 * Re-frame `.chunks.txt` payloads as the SSE a server sends: `event: <type>` (unless
 * `eventLines: false`), `data: <payload>`, a blank line; then `data: [DONE]` unless `done: false`.
 */
export function reframeChunks(text: string, options: { eventLines?: boolean; done?: boolean } = {}): string {
  let sse = "";
  for (const line of chunkLines(text)) {
    if (options.eventLines !== false) sse += `event: ${(JSON.parse(line) as { type: string }).type}\n`;
    sse += `data: ${line}\n\n`;
  }
  if (options.done !== false) sse += "data: [DONE]\n\n";
  return sse;
}

/** One recorded stream: where it came from, its SSE text, and its payloads. */
export interface RecordedStream {
  /** `wire/file`, plus `#n` for the n-th interaction of a cassette. */
  name: string;
  /** The SSE text: exact bytes for cassettes, re-framed for `.chunks.txt`. */
  sse: string;
  /** The `data:` payloads, `[DONE]` excluded. */
  payloads: string[];
  /** True when `sse` is the exact recorded bytes (a cassette), false when re-framed. */
  exact: boolean;
}

/** Every recorded stream of a wire: each `.chunks.txt`, `.sse` and streaming cassette interaction. */
export function recordedStreams(wire: Wire): RecordedStream[] {
  const out: RecordedStream[] = [];
  for (const file of listFixtures(wire)) {
    const path = fixturePath(wire, file);
    if (file.endsWith(".chunks.txt")) {
      const text = readFileSync(path, "utf8");
      out.push({
        name: `${wire}/${file}`,
        sse: reframeChunks(text),
        payloads: chunkLines(text),
        exact: false,
      });
    } else if (file.endsWith(".sse")) {
      const sse = readFileSync(path, "utf8");
      out.push({ name: `${wire}/${file}`, sse, payloads: ssePayloads(sse), exact: true });
    } else if (file.endsWith(".yaml")) {
      loadCassette(path).forEach((it, i) => {
        if (it.isStream)
          out.push({
            name: `${wire}/${file}#${i}`,
            sse: it.body,
            payloads: ssePayloads(it.body),
            exact: true,
          });
      });
    }
  }
  return out;
}

/** Every recorded non-streaming JSON response body of a wire (`.json` files and cassette replies). */
export function recordedBodies(wire: Wire): { name: string; status: number | undefined; body: unknown }[] {
  const out: { name: string; status: number | undefined; body: unknown }[] = [];
  for (const file of listFixtures(wire)) {
    const path = fixturePath(wire, file);
    if (file.endsWith(".json")) {
      out.push({ name: `${wire}/${file}`, status: undefined, body: JSON.parse(readFileSync(path, "utf8")) });
    } else if (file.endsWith(".yaml")) {
      loadCassette(path).forEach((it, i) => {
        if (!it.isStream)
          out.push({ name: `${wire}/${file}#${i}`, status: it.status, body: asJson(it.body) });
      });
    }
  }
  return out;
}

/** Every recorded request body of a wire's cassettes. */
export function recordedRequests(wire: Wire): { name: string; body: unknown }[] {
  const out: { name: string; body: unknown }[] = [];
  for (const file of listFixtures(wire)) {
    if (!file.endsWith(".yaml")) continue;
    loadCassette(fixturePath(wire, file)).forEach((it, i) => {
      out.push({ name: `${wire}/${file}#${i}`, body: it.requestBody });
    });
  }
  return out;
}

/**
 * Split an Open Responses event sequence holding several responses back to back (an agent run
 * recorded as one file) into one sequence per response: a new one starts at each
 * `response.created`, or at `response.queued` / `response.in_progress` after a terminal event.
 */
export function splitResponses<T extends { type: string }>(events: readonly T[]): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let ended = false;
  for (const event of events) {
    const starts =
      event.type === "response.created" ||
      (ended && (event.type === "response.queued" || event.type === "response.in_progress"));
    if (starts && current.length > 0) {
      out.push(current);
      current = [];
      ended = false;
    }
    current.push(event);
    if (
      event.type === "response.completed" ||
      event.type === "response.failed" ||
      event.type === "response.incomplete"
    )
      ended = true;
  }
  if (current.length > 0) out.push(current);
  return out;
}
