export { chunkText } from "./chunk.js";
export { ResponseEmitter, type ResponseEmitterOptions } from "./emitter.js";
export type { EventDraft, EventSink, ResponseWriterOptions } from "./lifecycle.js";
export type {
  ClosedStatus,
  OpenCall,
  OpenExtension,
  OpenItem,
  OpenMessage,
  OpenPart,
  OpenReasoning,
} from "./open-items.js";
export { responseEvents } from "./response-events.js";
export { ResponseWriter } from "./response-writer.js";
