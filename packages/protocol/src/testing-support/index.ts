/**
 * @module @openloop/protocol/fixtures — test support: the recorded provider traffic in the repo's
 * `fixtures/`, and validation against the spec's OpenAPI document. For tests and scripts only
 * (it reads files and uses ajv and yaml, which are dev dependencies); no vitest inside.
 */

export * as arbitraries from "./arbitraries.js";
export {
  chunkLines,
  fixturePath,
  fixturesDir,
  type Interaction,
  listFixtures,
  loadCassette,
  type RecordedStream,
  recordedBodies,
  recordedRequests,
  recordedStreams,
  reframeChunks,
  splitResponses,
  ssePayloads,
  type Wire,
} from "./fixtures.js";
export { openApiDocument, type SpecError, specEventTypes, validateAgainstSpec } from "./spec-validator.js";
export { streamOrderViolations } from "./stream-order.js";
