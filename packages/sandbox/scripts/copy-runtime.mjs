// Build step: the worker process (src/worker/*.mjs) and the scripts evaluated inside isolates
// (src/isolate/*.js) are plain JavaScript, loaded at run time relative to the compiled modules:
// copy them next to the compiled output, keeping the src/ layout.
// Usage: node scripts/copy-runtime.mjs [outDir]   (default: dist)
import { cpSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const outDir = resolve(root, process.argv[2] ?? "dist");
for (const dir of ["worker", "isolate"]) {
  cpSync(resolve(root, "src", dir), resolve(outDir, dir), {
    recursive: true,
    filter: (path) => !path.endsWith(".test.ts"),
  });
}
