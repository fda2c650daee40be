/** @module @openloop/server — An Open Responses HTTP endpoint that runs the openloop loop with hosted tools over any model. */
export {};
