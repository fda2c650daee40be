/**
 * A progress bar on stderr, drawn by hand: on a terminal one line redrawn in place, elsewhere
 * (CI logs, pipes) one plain line per finished task. Twenty lines do not need a dependency.
 */
export class Progress {
  #done = 0;
  #failed = 0;
  readonly #total: number;
  readonly #live: boolean;

  constructor(total: number, stream: NodeJS.WriteStream = process.stderr) {
    this.#total = total;
    this.#live = stream.isTTY === true && !process.env.NO_COLOR;
    this.#stream = stream;
    if (this.#live) this.#draw();
  }

  readonly #stream: NodeJS.WriteStream;

  /** One task finished. */
  tick(label: string, ok: boolean): void {
    this.#done++;
    if (!ok) this.#failed++;
    if (this.#live) this.#draw();
    else this.#stream.write(`[${this.#done}/${this.#total}] ${ok ? "ok  " : "FAIL"} ${label}\n`);
  }

  /** Ends the bar's line. */
  end(): void {
    if (this.#live) this.#stream.write("\n");
  }

  #draw(): void {
    const width = 30;
    const filled = Math.round((this.#done / this.#total) * width);
    const failed = this.#failed > 0 ? ` · ${this.#failed} failed` : "";
    this.#stream.write(
      `\r\u001b[2K[${"#".repeat(filled)}${".".repeat(width - filled)}] ${this.#done}/${this.#total}${failed}`,
    );
  }
}
