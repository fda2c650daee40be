/**
 * @module model/http — what every HTTP model shares: transport options, the retry loop before the
 * first byte, retry rules and delays, and HTTP errors as one typed error. (Timers for user-given
 * durations are `timer/arm-timer`, shared with the loop.)
 */
export { type Answer, fetchWithRetries, type RetriedRequest } from "./fetch-with-retries.js";
export { describeCause, type HttpErrorInit, modelHttpError } from "./http-error.js";
export {
  describeValue,
  type ResolvedTransport,
  type RetryInfo,
  resolveTransport,
  type TransportOptions,
} from "./options.js";
export { isRetryableStatus, type Retryable, retryDelay } from "./retry.js";
export { headerRecord, retryAfterMs } from "./retry-after.js";
