/** @module @openloop/testing — Test doubles at the model boundary: ScriptedModel and startMockServer. */
export {};
