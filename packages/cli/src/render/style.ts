/**
 * @module render/style — whether to use escape codes, and the few styles the transcript uses.
 */
import type { Output } from "../io.js";

/** What the output stream can take. */
export interface TerminalCaps {
  /** SGR colours and dim text. */
  colors: boolean;
  /** Cursor movement for the live status line: only on a real terminal. */
  live: boolean;
}

/**
 * Escape codes only where they belong: on a terminal (`isTTY`), unless `NO_COLOR` is set
 * (https://no-color.org) or `TERM=dumb`. `FORCE_COLOR` overrides either way for colours
 * (`FORCE_COLOR=0` turns them off, any other value on, even into a pipe); the live status line
 * needs a real terminal with colours on.
 */
export function terminalCaps(
  stream: Output,
  env: Readonly<Record<string, string | undefined>>,
): TerminalCaps {
  const tty = stream.isTTY === true;
  const force = env.FORCE_COLOR;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  let colors: boolean;
  if (force !== undefined) colors = !(force === "0" || force === "false");
  else colors = tty && !noColor && env.TERM !== "dumb";
  return { colors, live: tty && colors && !noColor && env.TERM !== "dumb" };
}

/** Text styles; each returns its input unchanged when colours are off. */
export interface Style {
  dim(text: string): string;
  bold(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const plain = (text: string): string => text;
const sgr =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

/** The styles, as escape codes or as no-ops. */
export function makeStyle(colors: boolean): Style {
  if (!colors) return { dim: plain, bold: plain, red: plain, green: plain, yellow: plain, cyan: plain };
  return {
    dim: sgr(2, 22),
    bold: sgr(1, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}

// C0 and C1 control characters except tab and newline: a model or a tool must not be able to move
// the cursor, clear the screen or retitle the terminal through what we print. (Two regexes: `test`
// on a global one would carry `lastIndex` from call to call.)
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const HAS_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** `text` without control characters (escape sequences lose their ESC and become inert text). */
export function sanitize(text: string): string {
  return HAS_CONTROL.test(text) ? text.replace(CONTROLS, "") : text;
}
