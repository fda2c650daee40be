import type { FileHandle } from "node:fs/promises";

/** Replaces the whole content of an open file with `text`, whatever its current position. */
export async function replaceContent(handle: FileHandle, text: string): Promise<number> {
  const data = Buffer.from(text, "utf8");
  await handle.truncate(0);
  for (let written = 0; written < data.length; ) {
    const { bytesWritten } = await handle.write(data, written, data.length - written, written);
    written += bytesWritten;
  }
  return data.length;
}

/** Counts lines the way editors do: a last line without a newline counts, an empty text has none. */
export function countLines(text: string): number {
  if (text === "") return 0;
  let lines = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines++;
  return text.endsWith("\n") ? lines : lines + 1;
}

/** `n` with its noun, singular or plural. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
