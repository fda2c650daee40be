/**
 * @module compact/codec — what a `compaction` item's `encrypted_content` holds on this server.
 *
 * The spec leaves the content opaque. Here it is the summary the model wrote, in a versioned,
 * base64url-encoded envelope (`olc1.` + base64url(JSON)): not encrypted (the client may read its
 * own conversation), but opaque enough that clients treat it as a blob and the server can tell its
 * own compactions from anything else.
 */
import { OpenloopError } from "@openloop/protocol";

const PREFIX = "olc1.";

/** What a compaction carries. */
export interface CompactionContent {
  /** The summary of the compacted window. */
  summary: string;
}

/** The `encrypted_content` for `content`. */
export function encodeCompaction(content: CompactionContent): string {
  return PREFIX + Buffer.from(JSON.stringify({ summary: content.summary }), "utf8").toString("base64url");
}

/**
 * The content of an `encrypted_content` this server wrote.
 * @throws {OpenloopError} `invalid_request` (param `param`) for anything else.
 */
export function decodeCompaction(encrypted: unknown, param: string): CompactionContent {
  if (typeof encrypted === "string" && encrypted.startsWith(PREFIX)) {
    try {
      const value = JSON.parse(Buffer.from(encrypted.slice(PREFIX.length), "base64url").toString("utf8"));
      if (typeof value?.summary === "string") return { summary: value.summary };
    } catch {
      // Reported below.
    }
  }
  throw new OpenloopError(
    "invalid_request",
    "This compaction item was not made by this server (its encrypted_content cannot be read here).",
    { param },
  );
}

/** The message that stands for a compaction in the model's input. */
export function compactionMessage(content: CompactionContent): {
  type: "message";
  role: "user";
  content: string;
} {
  return {
    type: "message",
    role: "user",
    content: `[Summary of the earlier part of this conversation]\n${content.summary}`,
  };
}
