/**
 * @module schemas/compact — the `POST /responses/compact` endpoint (spec 2026-04-24).
 */
import { z } from "zod";
import { MAX_INPUT_TEXT } from "./content.js";
import { ItemParam } from "./item-params.js";
import { OutputItem } from "./items.js";
import { Usage } from "./response.js";

/** The request body of `POST /responses/compact` (spec `CompactResponseMethodPublicBody`). */
export const CompactRequestBody = z.looseObject({
  model: z.string(),
  input: z.union([z.string().max(MAX_INPUT_TEXT), z.array(ItemParam)]).nullish(),
  previous_response_id: z.string().nullish(),
  instructions: z.string().nullish(),
  prompt_cache_key: z.string().max(64).nullish(),
});
export type CompactRequestBody = z.infer<typeof CompactRequestBody>;

/** The reply of `POST /responses/compact`: `object: "response.compaction"` with a `compaction` item. */
export const CompactResource = z.looseObject({
  id: z.string(),
  object: z.literal("response.compaction"),
  output: z.array(OutputItem),
  created_at: z.int(),
  usage: Usage,
});
export type CompactResource = z.infer<typeof CompactResource>;
