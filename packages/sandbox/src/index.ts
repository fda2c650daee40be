/** @module @openloop/sandbox — An isolated-vm code runner in worker processes, and the hosted code-runner tool. */
export {};
