/**
 * Keeps the start and the end of a command's output, however long it runs: memory stays bounded
 * and the model sees how the output began and how it ended, which is where errors show up.
 */

/** What the model gets to see of an output. */
export interface KeptOutput {
  text: string;
  /** Bytes left out of the middle (0 when the whole output is in `text`). */
  omittedBytes: number;
  totalBytes: number;
}

export class HeadTailBuffer {
  readonly #headMax: number;
  readonly #tailMax: number;
  readonly #head: Buffer[] = [];
  #headBytes = 0;
  readonly #tail: Buffer[] = [];
  #tailBytes = 0;
  #total = 0;

  /** Keeps up to `maxBytes` in all: the first half and the last half. */
  constructor(maxBytes: number) {
    this.#headMax = Math.ceil(maxBytes / 2);
    this.#tailMax = Math.floor(maxBytes / 2);
  }

  push(chunk: Buffer): void {
    this.#total += chunk.length;
    if (this.#headBytes < this.#headMax) {
      const take = Math.min(chunk.length, this.#headMax - this.#headBytes);
      this.#head.push(chunk.subarray(0, take));
      this.#headBytes += take;
      if (take === chunk.length) return;
      chunk = chunk.subarray(take);
    }
    this.#tail.push(chunk);
    this.#tailBytes += chunk.length;
    // Drop whole chunks from the front while what remains still covers the tail.
    while (this.#tail.length > 1 && this.#tailBytes - this.#tail[0]!.length >= this.#tailMax) {
      this.#tailBytes -= this.#tail.shift()!.length;
    }
  }

  /**
   * The output, or its start and end around a note saying how much was left out. Cuts fall on
   * line ends when there is one near, so no line is shown half.
   */
  read(): KeptOutput {
    const head = Buffer.concat(this.#head, this.#headBytes);
    const tailAll = Buffer.concat(this.#tail, this.#tailBytes);
    const totalBytes = this.#total;
    const tail = tailAll.subarray(Math.max(0, tailAll.length - this.#tailMax));
    if (head.length + tail.length === totalBytes) {
      return { text: Buffer.concat([head, tail]).toString("utf8"), omittedBytes: 0, totalBytes };
    }
    const headEnd = head.lastIndexOf(10);
    const keptHead = headEnd >= head.length / 2 ? head.subarray(0, headEnd + 1) : head;
    const tailStart = tail.indexOf(10);
    const keptTail = tailStart !== -1 && tailStart < tail.length / 2 ? tail.subarray(tailStart + 1) : tail;
    const omittedBytes = totalBytes - keptHead.length - keptTail.length;
    const note =
      `[… ${omittedBytes} bytes of output omitted; ${totalBytes} in all. To see everything, redirect the ` +
      "output to a file and read it with read_file or grep …]";
    const headText = keptHead.toString("utf8");
    return {
      text: `${headText}${headText.endsWith("\n") ? "" : "\n"}${note}\n${keptTail.toString("utf8")}`,
      omittedBytes,
      totalBytes,
    };
  }
}
