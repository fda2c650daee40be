/**
 * A tiny terminal emulator for the escape codes the live screen writes (`\r`, `\n`, `ESC[2K`,
 * `ESC[nA`, `ESC[nG`, SGR), with line wrapping and a deferred wrap at the last column, as xterm
 * does, and `\n` returning the carriage as the tty driver makes it (onlcr). Tests feed it what a renderer wrote and read the screen a person would see.
 */
import { Writable } from "node:stream";

/** A Writable that records everything and says it is a terminal `columns` wide. */
export class FakeTTY extends Writable {
  readonly isTTY = true;
  chunks: string[] = [];

  constructor(readonly columns = 40) {
    super();
  }

  override _write(chunk: Buffer | string, _encoding: string, done: () => void): void {
    this.chunks.push(chunk.toString());
    done();
  }

  get text(): string {
    return this.chunks.join("");
  }
}

/** The rows a terminal `columns` wide shows after `input`, trailing spaces trimmed. */
export function screenOf(input: string, columns: number): string[] {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  let pendingWrap = false;
  const line = (r: number): string[] => {
    while (rows.length <= r) rows.push([]);
    return rows[r]!;
  };
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (ch === "\u001b" && input[i + 1] === "[") {
      const match = /^.\[(\d*)([A-Za-z])/.exec(input.slice(i)); // ESC is input[i]
      if (!match) throw new Error(`unknown escape at ${i}: ${JSON.stringify(input.slice(i, i + 8))}`);
      const n = match[1] === "" ? 1 : Number(match[1]);
      const op = match[2];
      if (op === "K") rows[row] = [];
      else if (op === "A") row = Math.max(0, row - n);
      else if (op === "G") col = n - 1;
      else if (op !== "m") throw new Error(`unsupported escape ${match[0]}`);
      if (op !== "m") pendingWrap = false;
      i += match[0].length - 1;
      continue;
    }
    if (ch === "\r") {
      col = 0;
      pendingWrap = false;
    } else if (ch === "\n") {
      // The tty driver's default output processing (onlcr) turns "\n" into "\r\n".
      row++;
      col = 0;
      line(row);
      pendingWrap = false;
    } else {
      if (pendingWrap) {
        row++;
        col = 0;
        pendingWrap = false;
      }
      const cells = line(row);
      while (cells.length < col) cells.push(" ");
      cells[col] = ch;
      if (col === columns - 1) pendingWrap = true;
      else col++;
    }
  }
  return rows.map((cells) => cells.join("").replace(/\s+$/, ""));
}
