/**
 * @module sse/encode — writing events as Server-Sent Events frames.
 */
import type { StreamEvent } from "../schemas/events.js";

/**
 * One SSE frame for an event: `event: <type>\ndata: <json>\n\n`, as a single string with `\n`
 * line endings, so a server can write each frame in one write (clients such as the Open Responses
 * compliance suite lose frames split across writes or written with CRLF). An event whose `type`
 * holds a line break is written without the `event:` line, so it cannot break the framing.
 *
 * @example res.write(encodeSSE({ type: "response.output_text.delta", sequence_number: 4, ... }))
 */
export function encodeSSE(event: StreamEvent | { type: string; [key: string]: unknown }): string {
  // JSON.stringify escapes line breaks inside strings, so the payload is always one `data:` line.
  const data = JSON.stringify(event);
  const type = event.type;
  // A type with a line break (a passed-through vendor event) cannot be an `event:` line: written
  // raw it would end the line early and inject a frame of its own. The payload's `type` says it.
  if (type.includes("\n") || type.includes("\r")) return `data: ${data}\n\n`;
  return `event: ${type}\ndata: ${data}\n\n`;
}

/** The terminal frame the spec requires after the last event: `data: [DONE]\n\n`. */
export function encodeSSEDone(): string {
  return "data: [DONE]\n\n";
}
