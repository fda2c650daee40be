/** Types of `cell-transform.mjs` (plain JavaScript, loaded by the worker process). */

/** A transformed cell, or the syntax error that prevented it. */
export type CellTransform =
  | { ok: true; code: string; declared: string[] }
  | { ok: false; error: { name: "SyntaxError"; message: string } };

/** Transforms `source`; never throws (a parse failure is returned as `ok: false`). */
export function transformCell(source: string): CellTransform;
