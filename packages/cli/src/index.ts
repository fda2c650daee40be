/** @module @openloop/cli — The openloop command: headless runs, the demo replay, serve. */
export {};
