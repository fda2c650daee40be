/** @module @openloop/tools — Coding-agent tools: read, write, edit, list, grep, shell — jailed to a workspace. */
export {};
