/**
 * @module emit/chunk — splitting text into stream deltas.
 */

/**
 * Splits `text` into pieces of at most `size` UTF-16 code units, never between the two halves of
 * a surrogate pair (a piece may be one unit longer to keep a pair whole). `size` of `Infinity`, 0
 * or less gives the whole text as one piece; an empty text gives one empty piece, so every text
 * part has at least one delta event, as real servers send.
 */
export function chunkText(text: string, size: number): string[] {
  if (!(size > 0) || text.length <= size) return [text];
  const step = Math.max(1, Math.floor(size));
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + step, text.length);
    const last = text.charCodeAt(end - 1);
    // A high surrogate at the cut: take its low half too.
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}
