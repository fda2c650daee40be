/**
 * @module serve-command — `openloop serve` flags → a started server (the CLI calls `serveCommand`).
 */
import { parseArgs } from "node:util";
import { OpenloopError } from "@openloop/protocol";
import type { ReasoningEventNames } from "./http/sse.js";
import { loadRoutingFile } from "./routing/config-file.js";
import type { RoutingConfig } from "./routing/table.js";
import { type StartedServer, type StartServerOptions, startServer } from "./start.js";

/** The flags, for `--help`. */
export const SERVE_USAGE = `Usage: openloop serve [options]

Serve an Open Responses endpoint (POST /v1/responses, /v1/responses/compact, WebSocket) that runs
the openloop loop, with a sandboxed code runner, over any upstream model.

Upstream (one provider from flags, or a routing file):
  --wire <name>            responses | chat-completions | anthropic-messages  (default: chat-completions)
  --base-url <url>         the upstream API root, e.g. http://127.0.0.1:8080/v1
  --model <name>           the upstream model; requests may say "<provider>/<model>" or just "<model>"
  --provider <name>        the provider's name in model names (default: upstream)
  --upstream-key-env <var> environment variable holding the upstream API key
  --routing <file.json>    a routing table (providers, aliases, defaultModel) instead of the flags above

Server:
  --port <n>               (default: 8080)          --host <addr>     (default: 127.0.0.1)
  --data-dir <dir>         SQLite store directory (default: .openloop)
  --store <kind>           sqlite | memory | none (default: sqlite)
  --api-key <key>          accepted bearer key (repeatable; also OPENLOOP_API_KEYS, comma-separated)
  --max-concurrent <n>     responses in flight before 429 (default: 64)
  --max-turns <n>          model turns per response (default: 10)
  --hosted-tools <when>    on-request | always (default: on-request)
  --no-code-runner         offer no hosted code runner
  --reasoning-events <n>   spec | openai (default: spec)
`;

/**
 * The server options `argv` (the arguments after `serve`) asks for.
 * @throws {OpenloopError} `invalid_config` naming the flag at fault.
 */
export function parseServeArgs(
  argv: readonly string[],
  env: Record<string, string | undefined> = process.env,
): StartServerOptions {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        wire: { type: "string" },
        "base-url": { type: "string" },
        model: { type: "string" },
        provider: { type: "string" },
        "upstream-key-env": { type: "string" },
        routing: { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        "data-dir": { type: "string" },
        store: { type: "string" },
        "api-key": { type: "string", multiple: true },
        "max-concurrent": { type: "string" },
        "max-turns": { type: "string" },
        "hosted-tools": { type: "string" },
        "no-code-runner": { type: "boolean" },
        "reasoning-events": { type: "string" },
      },
    }));
  } catch (error) {
    throw new OpenloopError("invalid_config", `${(error as Error).message}\n\n${SERVE_USAGE}`, {
      cause: error,
    });
  }
  const str = (name: string) => values[name] as string | undefined;
  const routing = routingFrom(str, env);
  const store = str("store") ?? "sqlite";
  if (!["sqlite", "memory", "none"].includes(store)) invalid("--store", "sqlite, memory or none", store);
  const hosted = str("hosted-tools") ?? "on-request";
  if (hosted !== "on-request" && hosted !== "always")
    invalid("--hosted-tools", "on-request or always", hosted);
  const names = str("reasoning-events") ?? "spec";
  if (names !== "spec" && names !== "openai") invalid("--reasoning-events", "spec or openai", names);
  const keys = [
    ...((values["api-key"] as string[] | undefined) ?? []),
    ...(env.OPENLOOP_API_KEYS ?? "")
      .split(",")
      .map((k) => k.trim())
      .filter((k) => k !== ""),
  ];
  return {
    routing,
    port: int(str("port"), "--port", 0) ?? 8080,
    host: str("host") ?? "127.0.0.1",
    store: store === "none" ? false : (store as "sqlite" | "memory"),
    ...(str("data-dir") === undefined ? {} : { dataDir: str("data-dir") }),
    apiKeys: keys,
    ...(str("max-concurrent") === undefined
      ? {}
      : { maxConcurrent: int(str("max-concurrent"), "--max-concurrent", 1) }),
    ...(str("max-turns") === undefined ? {} : { maxTurns: int(str("max-turns"), "--max-turns", 1) }),
    hostedTools: hosted,
    ...(values["no-code-runner"] === true ? { codeRunner: false as const } : {}),
    reasoningEvents: names as ReasoningEventNames,
  };
}

function routingFrom(
  str: (name: string) => string | undefined,
  env: Record<string, string | undefined>,
): RoutingConfig {
  const file = str("routing");
  if (file !== undefined) {
    // A routing file replaces the one-upstream flags; given both, which one wins would surprise.
    const clash = ["wire", "base-url", "model", "provider", "upstream-key-env"].find(
      (flag) => str(flag) !== undefined,
    );
    if (clash !== undefined) {
      throw new OpenloopError(
        "invalid_config",
        `--routing and --${clash} cannot be used together: the routing file names the upstreams (put --${clash}'s value in it, or drop --routing).`,
        { param: "--routing" },
      );
    }
    return loadRoutingFile(file);
  }
  const baseURL = str("base-url") ?? env.OPENLOOP_BASE_URL;
  const model = str("model") ?? env.OPENLOOP_MODEL;
  if (baseURL === undefined || model === undefined) {
    throw new OpenloopError(
      "invalid_config",
      `Say which upstream to serve: --base-url and --model (or OPENLOOP_BASE_URL and OPENLOOP_MODEL), or --routing <file>.\n\n${SERVE_USAGE}`,
    );
  }
  const provider = str("provider") ?? "upstream";
  const keyEnv = str("upstream-key-env");
  return {
    providers: {
      [provider]: {
        wire: str("wire") ?? "chat-completions",
        baseURL,
        ...(keyEnv === undefined ? {} : { apiKeyEnv: keyEnv }),
      },
    },
    aliases: model.includes("/") ? {} : { [model]: `${provider}/${model}` },
    defaultModel: `${provider}/${model}`,
  };
}

function int(text: string | undefined, flag: string, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) invalid(flag, `an integer from ${min} up`, text);
  return n;
}

function invalid(flag: string, expected: string, got: string): never {
  throw new OpenloopError(
    "invalid_config",
    `Expected ${flag} to be ${expected}, got ${JSON.stringify(got)}.`,
    {
      param: flag,
    },
  );
}

/**
 * Parses `argv` and starts the server: what `openloop serve` runs.
 * @example const { url, close } = await serveCommand(["--base-url", "http://127.0.0.1:8080/v1", "--model", "qwen3"]);
 */
export function serveCommand(
  argv: readonly string[],
  env: Record<string, string | undefined> = process.env,
): Promise<StartedServer> {
  return startServer(parseServeArgs(argv, env));
}
