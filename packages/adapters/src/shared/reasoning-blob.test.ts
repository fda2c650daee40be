import { describe, expect, it } from "vitest";
import { decodeReasoningBlob, encodeReasoningBlob } from "./reasoning-blob.js";

describe("reasoning blobs in encrypted_content", () => {
  it("round-trips a thinking block with its signature, and redacted thinking", () => {
    const thinking = { block: { type: "thinking" as const, thinking: "Step 1…", signature: "EtYDCkYI…" } };
    const redacted = { block: { type: "redacted_thinking" as const, data: "EvgFCkYI…" } };
    expect(
      decodeReasoningBlob("anthropic-messages", encodeReasoningBlob("anthropic-messages", thinking)),
    ).toEqual(thinking);
    expect(
      decodeReasoningBlob("anthropic-messages", encodeReasoningBlob("anthropic-messages", redacted)),
    ).toEqual(redacted);
  });

  it("tells its own blobs from another wire's and from a provider's opaque string", () => {
    const chat = encodeReasoningBlob("chat-completions", { field: "reasoning_content", text: "x" });
    expect(chat.startsWith("openloop.chat-completions.v1:")).toBe(true);
    expect(decodeReasoningBlob("anthropic-messages", chat)).toBeUndefined();
    expect(decodeReasoningBlob("chat-completions", "gAAAAABpsx2pQu0135fKIHkL8jzces")).toBeUndefined();
    expect(decodeReasoningBlob("chat-completions", undefined)).toBeUndefined();
  });

  it("ignores a tagged value that is not JSON instead of throwing", () => {
    expect(decodeReasoningBlob("chat-completions", "openloop.chat-completions.v1:{broken")).toBeUndefined();
  });
});
