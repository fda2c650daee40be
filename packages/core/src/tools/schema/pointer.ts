/**
 * JSON pointers (RFC 6901) name the part of a schema a message is about, so a user can find it
 * in the converted JSON Schema (`tool.parameters`) or in their own plain JSON Schema.
 */

/** Encodes a path (`["properties", "a/b"]`) as a JSON pointer (`/properties/a~1b`); `[]` is `""`. */
export function toPointer(path: readonly (string | number)[]): string {
  let out = "";
  for (const segment of path) out += "/" + String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
  return out;
}

/** Appends one segment to a pointer. */
export function childPointer(pointer: string, segment: string | number): string {
  return pointer + "/" + String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
}

/** How a pointer reads inside an error message. */
export function quotePointer(pointer: string): string {
  return pointer === "" ? '"" (the root)' : `"${pointer}"`;
}
