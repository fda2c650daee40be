#!/usr/bin/env node
/**
 * @module bin — the `openloop` executable.
 */
import { main } from "./main.js";

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Whatever still holds the event loop (a keep-alive socket, a slow worker) must not keep a finished
// command alive; the timer is unref'd, so it never delays a clean exit.
setTimeout(() => process.exit(code), 2000).unref();
