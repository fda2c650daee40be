/**
 * @module model/http/retry-after — the server's "wait this long" hint.
 */

/**
 * The delay a response asks for before a retry, in milliseconds: `retry-after-ms` (OpenAI's
 * millisecond header) first, then `Retry-After` as seconds (fractions accepted) or as an HTTP
 * date. `undefined` when neither header is present or readable; never negative.
 */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | undefined {
  const ms = headers["retry-after-ms"];
  if (ms !== undefined) {
    const value = Number.parseFloat(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers["retry-after"]?.trim();
  if (after === undefined || after === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Number.parseFloat(after) * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Response headers as a plain record with lower-cased names. */
export function headerRecord(headers: Headers | Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined) return out;
  if (headers instanceof Headers) {
    // Headers already lower-cases names.
    headers.forEach((value, name) => {
      out[name] = value;
    });
    return out;
  }
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = String(value);
  return out;
}
