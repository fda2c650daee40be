export { chunkText } from "./chunk.js";
export { ResponseEmitter, type ResponseEmitterOptions } from "./emitter.js";
export { responseEvents } from "./response-events.js";
