/**
 * @module render/screen — where the transcript goes: straight to the stream, or to a terminal
 * with a live status line kept below the text.
 */
import stringWidth from "string-width";
import type { Output } from "../io.js";

/** A place to write the transcript. */
export interface Screen {
  /** Appends text (already sanitized and styled). */
  write(text: string): void;
  /** True when the last character written was a newline (or nothing was written yet). */
  readonly atLineStart: boolean;
  /** Removes the status line, stops its timer, and leaves the cursor after the text. */
  close(): void;
}

/** Writes as it comes: for pipes, files, CI logs. */
export class PlainScreen implements Screen {
  #out: Output;
  #atLineStart = true;

  constructor(out: Output) {
    this.#out = out;
  }

  get atLineStart(): boolean {
    return this.#atLineStart;
  }

  write(text: string): void {
    if (text === "") return;
    this.#out.write(text);
    this.#atLineStart = text.endsWith("\n");
  }

  close(): void {}
}

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/**
 * A terminal screen with a status line under the text. The status line sits on the row below the
 * cursor's text row (or on the cursor's own row when the text ends with a newline); before text is
 * written it is erased and the cursor put back where the text ended, so streamed text flows on
 * and the status line follows it down. Redrawn on a timer for the elapsed time and the spinner.
 */
export class LiveScreen implements Screen {
  #out: Output;
  #status: () => string;
  /** Display columns of the text after the last newline. */
  #column = 0;
  #shown = false;
  /** Where the status line is drawn relative to the text (see `#draw`). */
  #placement: "own" | "below" | "wrapped" = "own";
  #frame = 0;
  #timer: NodeJS.Timeout | undefined;
  #refreshMs: number;

  constructor(out: Output, status: () => string, refreshMs = 100) {
    this.#out = out;
    this.#status = status;
    this.#refreshMs = refreshMs;
    this.#start();
  }

  #start(): void {
    this.#timer = setInterval(() => this.refresh(), this.#refreshMs);
    this.#timer.unref();
  }

  get atLineStart(): boolean {
    return this.#column === 0;
  }

  write(text: string): void {
    if (text === "") return;
    // Closed for a while (a prompt took the terminal): writing again brings the status line back.
    if (this.#timer === undefined) this.#start();
    let out = this.#erase();
    out += text;
    const newline = text.lastIndexOf("\n");
    this.#column = newline === -1 ? this.#column + stringWidth(text) : stringWidth(text.slice(newline + 1));
    out += this.#draw();
    this.#out.write(out);
  }

  /** Redraws the status line (the timer calls this). */
  refresh(): void {
    if (this.#timer === undefined) return;
    this.#frame = (this.#frame + 1) % SPINNER.length;
    this.#out.write(this.#erase() + this.#draw());
  }

  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    const erase = this.#erase();
    if (erase !== "") this.#out.write(erase);
  }

  #columns(): number {
    return Math.max(20, this.#out.columns ?? 80);
  }

  /** Escape codes that remove the status line and put the cursor back at the end of the text. */
  #erase(): string {
    if (!this.#shown) return "";
    this.#shown = false;
    if (this.#placement !== "below") return "\r\u001b[2K";
    return `\r\u001b[2K\u001b[1A\u001b[${(this.#column % this.#columns()) + 1}G`;
  }

  /** Escape codes that draw the status line (the cursor ends at its end). */
  #draw(): string {
    const columns = this.#columns();
    let line = `${SPINNER[this.#frame]} ${this.#status()}`;
    if (stringWidth(line) > columns - 1) line = `${line.slice(0, columns - 2)}…`;
    this.#shown = true;
    // At a line start the status takes the cursor's row. After a partial row it goes on the row
    // below. After a row filled to the last column the terminal is about to wrap: the row below is
    // where the next character goes anyway, so the status takes it and erasing leaves the cursor there.
    let lead: string;
    if (this.#column === 0) {
      this.#placement = "own";
      lead = "\r";
    } else if (this.#column % columns === 0) {
      this.#placement = "wrapped";
      lead = "\n\r";
    } else {
      this.#placement = "below";
      lead = "\n";
    }
    return `${lead}\u001b[2m${line}\u001b[22m`;
  }
}
