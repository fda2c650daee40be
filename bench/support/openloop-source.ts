/**
 * @module bench/support/openloop-source — registers `openloop-source.hooks.mjs` (loaded with
 * `--import` after tsx, so it runs first in the resolve chain).
 */
import { register } from "node:module";

register("./openloop-source.hooks.mjs", import.meta.url);
