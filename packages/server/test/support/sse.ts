/**
 * Reading an SSE answer exactly as sent, to check the wire itself.
 */

/** One frame as written: its `event:` name and its parsed `data:`. */
export interface WireFrame {
  event: string | undefined;
  data: string;
}

/** Splits an SSE body into frames, failing on anything a strict client would trip on. */
export function parseWire(text: string): {
  frames: WireFrame[];
  events: Record<string, unknown>[];
  problems: string[];
} {
  const problems: string[] = [];
  if (text.includes("\r")) problems.push("a \\r in the stream (lines must end with \\n)");
  if (!text.endsWith("data: [DONE]\n\n")) problems.push("the stream does not end with data: [DONE]");
  const frames: WireFrame[] = [];
  const events: Record<string, unknown>[] = [];
  for (const block of text.split("\n\n")) {
    if (block === "") continue;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("data: ")) data.push(line.slice(6));
      else problems.push(`an unexpected line: ${JSON.stringify(line)}`);
    }
    if (data.length !== 1) problems.push(`a frame with ${data.length} data lines`);
    const frame = { event, data: data.join("\n") };
    frames.push(frame);
    if (frame.data === "[DONE]") continue;
    const parsed = JSON.parse(frame.data) as Record<string, unknown>;
    if (parsed.type !== event) problems.push(`event: ${event} but type ${String(parsed.type)}`);
    events.push(parsed);
  }
  const done = frames.filter((f) => f.data === "[DONE]");
  if (done.length !== 1) problems.push(`${done.length} [DONE] frames`);
  return { frames, events, problems };
}
