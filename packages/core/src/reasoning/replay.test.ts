import { ReasoningItemParam } from "@openloop/protocol";
import { describe, expect, it } from "vitest";
import { replayItem } from "./replay.js";

const strict = { keepReasoningWithoutEncryptedContent: false };
const lenient = { keepReasoningWithoutEncryptedContent: true };

describe("replayItem", () => {
  it("replays ordinary items as the very same object (ids, order and unknown fields kept)", () => {
    const call = {
      type: "function_call",
      id: "fc_1",
      call_id: "call_1",
      name: "add",
      arguments: "{}",
      status: "completed",
      "acme:trace": { x: 1 },
    } as const;
    expect(replayItem(call, strict)).toBe(call);
    const hosted = { type: "web_search_call", id: "ws_1", status: "completed", action: { query: "q" } };
    expect(replayItem(hosted as never, strict)).toBe(hosted);
  });

  it("removes raw reasoning content but keeps summary, encrypted content, id and extra fields", () => {
    const item = {
      type: "reasoning",
      id: "rs_1",
      content: [{ type: "reasoning_text", text: "secret chain of thought" }],
      summary: [{ type: "summary_text", text: "Looked it up." }],
      encrypted_content: "gAAAA...",
      status: "completed",
    } as const;
    const replayed = replayItem(item as never, strict) as Record<string, unknown>;
    expect(replayed).toEqual({
      type: "reasoning",
      id: "rs_1",
      summary: [{ type: "summary_text", text: "Looked it up." }],
      encrypted_content: "gAAAA...",
      status: "completed",
    });
    expect("content" in replayed).toBe(false);
    expect(ReasoningItemParam.safeParse(replayed).success).toBe(true);
    // The output item itself is not modified (events and results keep the raw reasoning).
    expect(item.content).toHaveLength(1);
  });

  it("drops reasoning without encrypted content for a stateless server (an orphan breaks it)", () => {
    expect(replayItem({ type: "reasoning", id: "rs_2", summary: [] } as never, strict)).toBeUndefined();
    const deepseek = {
      type: "reasoning",
      id: "76f8b89e",
      summary: [],
      content: [{ type: "reasoning_text", text: "I should call get_temperature." }],
      encrypted_content: null,
    };
    expect(replayItem(deepseek as never, strict)).toBeUndefined();
  });

  it("keeps reasoning without encrypted content when the model accepts it, content still removed", () => {
    const lmstudio = {
      type: "reasoning",
      id: "rs_3",
      summary: [],
      content: [{ type: "reasoning_text", text: "thinking" }],
    };
    expect(replayItem(lmstudio as never, lenient)).toEqual({ type: "reasoning", id: "rs_3", summary: [] });
    const noSummary = { type: "reasoning", id: "rs_4", encrypted_content: "e" };
    expect(replayItem(noSummary as never, strict)).toEqual({ ...noSummary, summary: [] });
  });

  it("keeps a reasoning item that already has no content as the same object", () => {
    const item = { type: "reasoning", id: "rs_5", summary: [], encrypted_content: "e", content: null };
    expect(replayItem(item as never, strict)).toBe(item);
  });
});
