/**
 * @module routing/config-file — the routing table from a JSON file.
 */
import { readFileSync } from "node:fs";
import { describeZodError, OpenloopError } from "@openloop/protocol";
import { z } from "zod";
import type { RoutingConfig } from "./table.js";

const Provider = z.strictObject({
  wire: z.string().min(1),
  baseURL: z.string().url(),
  apiKey: z.string().optional(),
  apiKeyEnv: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  models: z.array(z.string().min(1)).optional(),
  options: z.record(z.string(), z.unknown()).optional(),
});

const File = z.strictObject({
  $schema: z.string().optional(),
  providers: z.record(z.string(), Provider).optional(),
  aliases: z.record(z.string(), z.string()).optional(),
  defaultModel: z.string().optional(),
});

/**
 * Reads a routing table from a JSON file:
 *
 * ```json
 * {
 *   "providers": {
 *     "local": { "wire": "chat-completions", "baseURL": "http://127.0.0.1:8080/v1" },
 *     "openai": { "wire": "responses", "baseURL": "https://api.openai.com/v1", "apiKeyEnv": "OPENAI_API_KEY" }
 *   },
 *   "aliases": { "fast": "local/qwen3-4b" },
 *   "defaultModel": "fast"
 * }
 * ```
 *
 * @throws {OpenloopError} `invalid_config` naming the file and what is wrong in it.
 */
export function loadRoutingFile(path: string): RoutingConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new OpenloopError(
      "invalid_config",
      `Cannot read the routing file ${path}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new OpenloopError(
      "invalid_config",
      `The routing file ${path} is not JSON: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const parsed = File.safeParse(json);
  if (!parsed.success) {
    throw new OpenloopError(
      "invalid_config",
      `Invalid routing file ${path}: ${describeZodError(parsed.error)}`,
      {
        cause: parsed.error,
      },
    );
  }
  const { $schema: _schema, ...config } = parsed.data;
  return config;
}
