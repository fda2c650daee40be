/** @module @openloop/adapters — Chat Completions and Anthropic Messages backends as Open Responses models. */
export {};
