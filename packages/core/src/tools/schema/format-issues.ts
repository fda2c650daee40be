/**
 * zod issues (v3 and v4 share `{ path, message }`) → lines a model can act on:
 * `- at items[2].qty: Invalid input: expected number, received string`.
 */

interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
  /** zod 4 `invalid_union`: the issues of each member. */
  errors?: readonly (readonly IssueLike[])[];
  /** zod 3 `invalid_union`. */
  unionErrors?: readonly { issues: readonly IssueLike[] }[];
}

const MAX_LINES = 20;

export function formatIssues(issues: readonly IssueLike[]): string {
  const lines: string[] = [];
  collect(issues, [], lines);
  const shown = lines.slice(0, MAX_LINES);
  if (lines.length > MAX_LINES) shown.push(`- …and ${lines.length - MAX_LINES} more`);
  return shown.join("\n");
}

function collect(issues: readonly IssueLike[], prefix: readonly PropertyKey[], lines: string[]): void {
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    lines.push(`- at ${formatPath(path)}: ${issue.message}`);
    // For a union, say why each member failed: "Invalid input" alone gives the model nothing.
    const members = issue.errors ?? issue.unionErrors?.map((e) => e.issues);
    members?.forEach((member, i) => {
      const nested: string[] = [];
      collect(member, path, nested);
      for (const line of nested) lines.push(`  (option ${i + 1}) ${line.slice(2)}`);
    });
  }
}

/** `["items", 2, "qty"]` → `items[2].qty`; the empty path is `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(root)";
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else {
      const key = String(segment);
      out += /^[A-Za-z_$][\w$]*$/.test(key) ? (out === "" ? key : `.${key}`) : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}
