/**
 * @module commands/demo/cassette — reading a go-vcr v2 cassette: the recorded requests and the
 * exact response bodies, in order.
 */
import { readFile } from "node:fs/promises";
import { parse } from "yaml";

/** One recorded HTTP exchange. */
export interface Exchange {
  method: string;
  /** The request path (`/api/coding/paas/v4/chat/completions`). */
  path: string;
  /** The request body, JSON-decoded. */
  request: unknown;
  status: number;
  contentType: string;
  /** The response body exactly as the server sent it (for streams: the SSE bytes). */
  body: string;
}

interface GoVcrInteraction {
  request?: { method?: string; url?: string; body?: string };
  response?: { code?: number; body?: string; headers?: Record<string, string[]> };
}

/** Reads the cassette at `path`; anything but a go-vcr v2 cassette of JSON requests is an error. */
export async function loadCassette(path: string): Promise<Exchange[]> {
  const doc = parse(await readFile(path, "utf8")) as { version?: number; interactions?: GoVcrInteraction[] };
  if (doc?.version !== 2 || !Array.isArray(doc.interactions))
    throw new Error(`${path} is not a go-vcr v2 cassette (version: 2, interactions: [...]).`);
  return doc.interactions.map((interaction, i) => {
    const { request, response } = interaction;
    if (typeof request?.body !== "string" || typeof response?.body !== "string")
      throw new Error(`${path}: interaction ${i} has no request or response body.`);
    const contentType = response.headers?.["Content-Type"]?.[0] ?? "application/json";
    return {
      method: request.method ?? "POST",
      path: new URL(request.url ?? "http://x/").pathname,
      request: JSON.parse(request.body),
      status: response.code ?? 200,
      contentType,
      body: response.body,
    };
  });
}
