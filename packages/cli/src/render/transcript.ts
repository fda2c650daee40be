/**
 * @module render/transcript — a run as a person reads it: streamed text, reasoning (dimmed on a
 * terminal, quoted with `> ` everywhere), each tool call with its arguments and a short result.
 */
import type { RunEvent } from "@openloop/core";
import type { Output } from "../io.js";
import type { Renderer } from "./renderer.js";
import { LiveScreen, PlainScreen, type Screen } from "./screen.js";
import { makeStyle, type Style, sanitize, type TerminalCaps } from "./style.js";
import { argsLine, oneLine, outputText } from "./summarize.js";

type Block = "none" | "text" | "reasoning";

/** Options of {@link TranscriptRenderer}. */
export interface TranscriptOptions {
  /** What the stream can take (see `terminalCaps`). */
  caps: TerminalCaps;
  /** Milliseconds since the epoch when the run started (for the elapsed time). */
  startedAt?: number;
  /** A clock, for tests. */
  now?: () => number;
}

/** The human-readable renderer, plain or live depending on `caps`. */
export class TranscriptRenderer implements Renderer {
  #screen: Screen;
  #err: Output;
  #style: Style;
  #block: Block = "none";
  #turn = 0;
  #tokens = 0;
  #activity = "starting";
  #running = new Set<string>();
  #startedAt: number;
  #now: () => number;

  constructor(out: Output, err: Output, options: TranscriptOptions) {
    this.#err = err;
    this.#style = makeStyle(options.caps.colors);
    this.#now = options.now ?? Date.now;
    this.#startedAt = options.startedAt ?? this.#now();
    this.#screen = options.caps.live ? new LiveScreen(out, () => this.status()) : new PlainScreen(out);
  }

  /** The status line: turn, tokens, elapsed time, and what is happening. */
  status(): string {
    const seconds = ((this.#now() - this.#startedAt) / 1000).toFixed(1);
    const turn = this.#turn === 0 ? "" : `turn ${this.#turn} · `;
    return `${turn}${this.#tokens.toLocaleString("en-US")} tokens · ${seconds}s · ${this.#activity}`;
  }

  event(event: RunEvent): void {
    switch (event.type) {
      case "response.output_text.delta":
        this.#enter("text");
        this.#activity = "writing";
        this.#screen.write(sanitize(event.delta));
        return;
      case "response.reasoning_summary_text.delta":
      case "response.reasoning.delta":
        this.#reasoning((event as { delta: string }).delta);
        return;
      case "response.reasoning_summary_part.added":
        // A new summary paragraph: keep paragraphs apart.
        if (this.#block === "reasoning") this.#reasoning("\n\n");
        return;
      case "response.output_item.added":
        // A new item is a new block: the next text or reasoning starts on its own line.
        this.#enter("none");
        return;
      case "turn.started":
        this.#turn = event.turn;
        this.#activity = "waiting for the model";
        return;
      case "turn.completed":
        this.#tokens += event.usage.total_tokens;
        return;
      case "tool_call.started":
        this.#line(
          `${this.#style.cyan("→")} ${this.#style.bold(event.name)}(${sanitize(argsLine(event.arguments))})`,
        );
        this.#running.add(event.callId);
        this.#activity = `running ${this.#running.size} tool call${this.#running.size === 1 ? "" : "s"}`;
        return;
      case "tool_call.completed":
        this.#done(event.callId);
        this.#line(
          `${this.#style.green("←")} ${event.name}: ${sanitize(oneLine(outputText(event.output.output)) || "(no output)")}`,
        );
        return;
      case "tool_call.failed":
        this.#done(event.callId);
        this.#line(`${this.#style.red("✗")} ${event.name}: ${sanitize(oneLine(event.message))}`);
        return;
      case "tool_call.rejected":
        this.#line(
          `${this.#style.yellow("⊘")} ${event.name} not run (${event.by === "approval" ? "rejected" : "tool_choice"}): ${sanitize(oneLine(event.message))}`,
        );
        return;
      case "approval.requested":
        this.#line(
          `${this.#style.yellow("?")} ${this.#style.bold(event.name)}(${sanitize(argsLine(event.arguments))}) needs approval ${this.#style.dim(`[${event.callId}]`)}`,
        );
        return;
      case "tool_choice.violated":
        this.#line(this.#style.yellow(`! ${sanitize(event.message)}`));
        return;
      case "turn.retrying":
        this.#line(this.#style.dim(`↻ ${sanitize(event.reason.message)}`));
        return;
      case "run.started":
        if (event.resumed) this.#line(this.#style.dim("↻ resuming the saved run"));
        return;
      case "run.completed":
      case "run.stopped":
        this.#enter("none");
        this.#line(
          this.#style.green(`✓ done · ${this.#summary(event.result.turns, event.result.usage.total_tokens)}`),
        );
        return;
      case "run.interrupted":
        this.#enter("none");
        this.#activity = "waiting for approval";
        return;
      case "run.failed":
        this.#enter("none");
        return;
      default:
        return;
    }
  }

  notice(text: string, level: "info" | "warn" | "error" | "success" = "info"): void {
    this.#enter("none");
    const style =
      level === "error"
        ? this.#style.red
        : level === "warn"
          ? this.#style.yellow
          : level === "success"
            ? this.#style.green
            : this.#style.dim;
    // Failures and state files are for stderr; ordinary notices stay in the transcript.
    if (level === "error" || level === "warn") {
      this.#screen.close();
      this.#err.write(`${style(text)}\n`);
    } else this.#line(style(text));
  }

  close(): void {
    this.#enter("none");
    this.#screen.close();
  }

  #summary(turns: number, tokens: number): string {
    const seconds = ((this.#now() - this.#startedAt) / 1000).toFixed(1);
    return `${turns} turn${turns === 1 ? "" : "s"} · ${tokens.toLocaleString("en-US")} tokens · ${seconds}s`;
  }

  #done(callId: string): void {
    this.#running.delete(callId);
    this.#activity = this.#running.size === 0 ? "waiting for the model" : `running ${this.#running.size}`;
  }

  #reasoning(delta: string): void {
    if (this.#block !== "reasoning") {
      this.#enter("reasoning");
      this.#screen.write(this.#style.dim("> "));
    }
    this.#activity = "thinking";
    this.#screen.write(this.#style.dim(sanitize(delta).replaceAll("\n", "\n> ")));
  }

  /** Ends the current block (a newline unless at a line start) and starts `block`. */
  #enter(block: Block): void {
    if (this.#block === block) return;
    if (!this.#screen.atLineStart) this.#screen.write("\n");
    this.#block = block;
  }

  #line(text: string): void {
    this.#enter("none");
    this.#screen.write(`${text}\n`);
  }
}
