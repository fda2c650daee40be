export { chunkText } from "./chunk.js";
export { ResponseEmitter, type ResponseEmitterOptions, responseEvents } from "./emitter.js";
