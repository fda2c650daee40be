/**
 * @module testing-support/arbitraries — fast-check generators of valid spec values (items,
 * responses, events, request bodies), for property tests here and in other packages. Every value
 * they produce passes both our zod schemas and the spec's OpenAPI document.
 */
import fc from "fast-check";
import { createResponseResource } from "../resource/create-response-resource.js";

export const id = (prefix: string) => fc.stringMatching(/^[A-Za-z0-9]{1,24}$/).map((s) => `${prefix}_${s}`);
const name = fc.stringMatching(/^[a-zA-Z0-9_-]{1,64}$/);
const int = fc.nat({ max: 1_000_000 });
const status = fc.constantFrom("in_progress", "completed", "incomplete");

const urlCitation = fc.record({
  type: fc.constant("url_citation"),
  url: fc.webUrl(),
  start_index: int,
  end_index: int,
  title: fc.string(),
});
const topLogProb = fc.record({
  token: fc.string(),
  // -Infinity is not JSON (and zod rejects it): no generated value may hold it.
  logprob: fc.double({ noNaN: true, noDefaultInfinity: true, max: 0 }),
  bytes: fc.array(fc.nat(255)),
});
const logProb = fc.record({
  token: fc.string(),
  logprob: fc.double({ noNaN: true, noDefaultInfinity: true, max: 0 }),
  bytes: fc.array(fc.nat(255)),
  top_logprobs: fc.array(topLogProb, { maxLength: 3 }),
});
export const outputTextPart = fc.record(
  {
    type: fc.constant("output_text"),
    text: fc.string(),
    annotations: fc.array(urlCitation, { maxLength: 2 }),
    logprobs: fc.array(logProb, { maxLength: 2 }),
  },
  { requiredKeys: ["type", "text", "annotations"] },
);
const refusalPart = fc.record({ type: fc.constant("refusal"), refusal: fc.string() });
const summaryPart = fc.record({ type: fc.constant("summary_text"), text: fc.string() });
const reasoningTextPart = fc.record({ type: fc.constant("reasoning_text"), text: fc.string() });
const inputTextPart = fc.record({ type: fc.constant("input_text"), text: fc.string() });
export const contentPart = fc.oneof(
  outputTextPart,
  refusalPart,
  summaryPart,
  reasoningTextPart,
  inputTextPart,
);

export const message = fc.record(
  {
    type: fc.constant("message"),
    id: id("msg"),
    status,
    role: fc.constantFrom("assistant", "user", "system", "developer"),
    content: fc.array(fc.oneof(outputTextPart, refusalPart, inputTextPart), { maxLength: 3 }),
    phase: fc.constantFrom("commentary", "final_answer"),
  },
  { requiredKeys: ["type", "id", "status", "role", "content"] },
);
const jsonArguments = fc.jsonValue().map((v) => JSON.stringify({ v }));
export const functionCall = fc.record({
  type: fc.constant("function_call"),
  id: id("fc"),
  call_id: id("call"),
  name,
  arguments: jsonArguments,
  status,
});
const functionCallOutput = fc.record({
  type: fc.constant("function_call_output"),
  id: id("fco"),
  call_id: id("call"),
  output: fc.oneof(fc.string(), fc.array(inputTextPart, { maxLength: 2 })),
  status,
});
export const reasoning = fc.record(
  {
    type: fc.constant("reasoning"),
    id: id("rs"),
    summary: fc.array(summaryPart, { maxLength: 3 }),
    content: fc.array(reasoningTextPart, { maxLength: 2 }),
    encrypted_content: fc.base64String(),
  },
  { requiredKeys: ["type", "id", "summary"] },
);
const compaction = fc.record(
  {
    type: fc.constant("compaction"),
    id: id("cmp"),
    encrypted_content: fc.base64String(),
    created_by: fc.string(),
  },
  { requiredKeys: ["type", "id", "encrypted_content"] },
);
export const outputItem = fc.oneof(message, functionCall, functionCallOutput, reasoning, compaction);

const functionTool = fc.record({
  type: fc.constant("function"),
  name,
  description: fc.option(fc.string(), { nil: null }),
  parameters: fc.option(fc.constant({ type: "object", properties: { x: { type: "string" } } }), {
    nil: null,
  }),
  strict: fc.option(fc.boolean(), { nil: null }),
});
const usage = fc.record({
  input_tokens: int,
  output_tokens: int,
  total_tokens: int,
  input_tokens_details: fc.record({ cached_tokens: int }),
  output_tokens_details: fc.record({ reasoning_tokens: int }),
});
const effort = fc.constantFrom("none", "low", "medium", "high", "xhigh");

export const responseResource = fc
  .record({
    id: id("resp"),
    model: fc.string(),
    status: fc.constantFrom("queued", "in_progress", "completed", "failed", "incomplete"),
    output: fc.array(outputItem, { maxLength: 4 }),
    tools: fc.array(functionTool, { maxLength: 2 }),
    tool_choice: fc.oneof(
      fc.constantFrom("auto", "none", "required"),
      fc.record({ type: fc.constant("function"), name }),
      fc.record({
        type: fc.constant("allowed_tools"),
        tools: fc.array(fc.record({ type: fc.constant("function"), name }), { minLength: 1, maxLength: 3 }),
        mode: fc.constantFrom("auto", "none", "required"),
      }),
    ),
    text: fc.record({
      format: fc.oneof(
        fc.constant({ type: "text" }),
        fc.constant({ type: "json_object" }),
        fc.record({
          type: fc.constant("json_schema"),
          name,
          description: fc.option(fc.string(), { nil: null }),
          schema: fc.constant(null),
          strict: fc.boolean(),
        }),
      ),
    }),
    usage: fc.option(usage, { nil: null }),
    reasoning: fc.option(
      fc.record({
        effort: fc.option(effort, { nil: null }),
        summary: fc.option(fc.constantFrom("concise", "detailed", "auto"), { nil: null }),
      }),
      { nil: null },
    ),
    incomplete_details: fc.option(fc.record({ reason: fc.string() }), { nil: null }),
    error: fc.option(fc.record({ code: fc.string(), message: fc.string() }), { nil: null }),
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    max_output_tokens: fc.option(int, { nil: null }),
  })
  .map((partial) => createResponseResource(partial));

const seq = int;
const at = { sequence_number: seq, item_id: id("it"), output_index: fc.nat(10) };
export const streamEvent = fc.oneof(
  fc.record({
    type: fc.constantFrom(
      "response.created",
      "response.queued",
      "response.in_progress",
      "response.completed",
      "response.failed",
      "response.incomplete",
    ),
    sequence_number: seq,
    response: responseResource,
  }),
  fc.record({
    type: fc.constantFrom("response.output_item.added", "response.output_item.done"),
    sequence_number: seq,
    output_index: fc.nat(10),
    item: outputItem,
  }),
  fc.record({
    type: fc.constantFrom("response.content_part.added", "response.content_part.done"),
    ...at,
    content_index: fc.nat(5),
    part: contentPart,
  }),
  fc.record({
    type: fc.constantFrom("response.reasoning_summary_part.added", "response.reasoning_summary_part.done"),
    ...at,
    summary_index: fc.nat(5),
    part: summaryPart,
  }),
  fc.record(
    {
      type: fc.constant("response.output_text.delta"),
      ...at,
      content_index: fc.nat(5),
      delta: fc.string(),
      logprobs: fc.array(logProb, { maxLength: 1 }),
      obfuscation: fc.string(),
    },
    { requiredKeys: ["type", "sequence_number", "item_id", "output_index", "content_index", "delta"] },
  ),
  fc.record({
    type: fc.constant("response.output_text.done"),
    ...at,
    content_index: fc.nat(5),
    text: fc.string(),
  }),
  fc.record({
    type: fc.constantFrom("response.refusal.delta", "response.reasoning.delta"),
    ...at,
    content_index: fc.nat(5),
    delta: fc.string(),
  }),
  fc.record({
    type: fc.constant("response.refusal.done"),
    ...at,
    content_index: fc.nat(5),
    refusal: fc.string(),
  }),
  fc.record({
    type: fc.constant("response.reasoning.done"),
    ...at,
    content_index: fc.nat(5),
    text: fc.string(),
  }),
  fc.record({
    type: fc.constant("response.reasoning_summary_text.delta"),
    ...at,
    summary_index: fc.nat(5),
    delta: fc.string(),
  }),
  fc.record({
    type: fc.constant("response.reasoning_summary_text.done"),
    ...at,
    summary_index: fc.nat(5),
    text: fc.string(),
  }),
  fc.record({
    type: fc.constant("response.output_text.annotation.added"),
    ...at,
    content_index: fc.nat(5),
    annotation_index: fc.nat(5),
    annotation: fc.option(urlCitation, { nil: null }),
  }),
  fc.record({ type: fc.constant("response.function_call_arguments.delta"), ...at, delta: fc.string() }),
  fc.record({ type: fc.constant("response.function_call_arguments.done"), ...at, arguments: jsonArguments }),
  fc.record({
    type: fc.constant("error"),
    sequence_number: seq,
    error: fc.record({
      type: fc.string(),
      code: fc.option(fc.string(), { nil: null }),
      message: fc.string(),
      param: fc.option(fc.string(), { nil: null }),
    }),
  }),
);

const userContent = fc.oneof(
  inputTextPart,
  fc.record({
    type: fc.constant("input_image"),
    image_url: fc.webUrl(),
    detail: fc.constantFrom("low", "high", "auto"),
  }),
  fc.record({ type: fc.constant("input_file"), filename: fc.string(), file_data: fc.base64String() }),
);
export const itemParam = fc.oneof(
  fc.record({ id: id("msg") }),
  fc.record({ type: fc.constant("item_reference"), id: id("msg") }),
  fc.record({
    type: fc.constant("message"),
    role: fc.constant("user"),
    content: fc.oneof(fc.string(), fc.array(userContent, { maxLength: 3 })),
  }),
  fc.record({
    type: fc.constant("message"),
    role: fc.constantFrom("system", "developer"),
    content: fc.oneof(fc.string(), fc.array(inputTextPart, { maxLength: 2 })),
  }),
  fc.record(
    {
      type: fc.constant("message"),
      role: fc.constant("assistant"),
      id: id("msg"),
      content: fc.array(
        fc.oneof(fc.record({ type: fc.constant("output_text"), text: fc.string() }), refusalPart),
        { maxLength: 2 },
      ),
      phase: fc.constantFrom("commentary", "final_answer"),
    },
    { requiredKeys: ["type", "role", "content"] },
  ),
  fc.record({
    type: fc.constant("function_call"),
    id: id("fc"),
    call_id: id("call"),
    name,
    arguments: jsonArguments,
  }),
  fc.record({
    type: fc.constant("function_call_output"),
    call_id: id("call"),
    output: fc.oneof(fc.string(), fc.array(userContent, { maxLength: 2 })),
  }),
  fc.record({
    type: fc.constant("reasoning"),
    id: id("rs"),
    summary: fc.array(summaryPart, { maxLength: 2 }),
    encrypted_content: fc.option(fc.base64String(), { nil: null }),
  }),
  fc.record({ type: fc.constant("compaction"), encrypted_content: fc.base64String() }),
);

export const createResponseBody = fc.record(
  {
    model: fc.string(),
    input: fc.oneof(fc.string(), fc.array(itemParam, { maxLength: 5 })),
    instructions: fc.string(),
    tools: fc.array(
      fc.record({
        type: fc.constant("function"),
        name,
        description: fc.string(),
        parameters: fc.constant({ type: "object", properties: {} }),
        strict: fc.boolean(),
      }),
      { maxLength: 3 },
    ),
    tool_choice: fc.oneof(
      fc.constantFrom("auto", "none", "required"),
      fc.record({ type: fc.constant("function"), name }),
      fc.record(
        {
          type: fc.constant("allowed_tools"),
          tools: fc.array(fc.record({ type: fc.constant("function"), name }), { minLength: 1, maxLength: 3 }),
          mode: fc.constantFrom("auto", "none", "required"),
        },
        { requiredKeys: ["type", "tools"] },
      ),
    ),
    include: fc.subarray(["reasoning.encrypted_content", "message.output_text.logprobs"]),
    stream: fc.boolean(),
    store: fc.boolean(),
    parallel_tool_calls: fc.boolean(),
    max_output_tokens: fc.integer({ min: 16, max: 100_000 }),
    top_logprobs: fc.integer({ min: 0, max: 20 }),
    reasoning: fc.record({ effort, summary: fc.constantFrom("concise", "detailed", "auto") }),
    text: fc.record({
      format: fc.oneof(
        fc.constant({ type: "text" }),
        fc.record({
          type: fc.constant("json_schema"),
          name,
          schema: fc.constant({ type: "object" }),
          strict: fc.boolean(),
        }),
      ),
    }),
    metadata: fc.dictionary(fc.stringMatching(/^[a-z]{1,10}$/), fc.string({ maxLength: 512 }), {
      maxKeys: 16,
      noNullPrototype: true,
    }),
    truncation: fc.constantFrom("auto", "disabled"),
    previous_response_id: id("resp"),
  },
  { requiredKeys: [] },
);

/** `POST /responses/compact` request bodies (spec `CompactResponseMethodPublicBody`). */
export const compactRequestBody = fc.record(
  {
    model: fc.string(),
    input: fc.option(fc.oneof(fc.string(), fc.array(itemParam, { maxLength: 4 })), { nil: null }),
    previous_response_id: fc.option(id("resp"), { nil: null }),
    instructions: fc.option(fc.string(), { nil: null }),
    prompt_cache_key: fc.option(fc.string({ maxLength: 64 }), { nil: null }),
  },
  { requiredKeys: ["model"] },
);

/** `POST /responses/compact` replies (spec `CompactResource`): the kept items, then a `compaction` item. */
export const compactResource = fc.record({
  id: id("resp"),
  object: fc.constant("response.compaction"),
  output: fc
    .tuple(fc.array(fc.oneof(message, functionCall, functionCallOutput), { maxLength: 3 }), compaction)
    .map(([kept, compacted]) => [...kept, compacted]),
  created_at: int,
  usage,
});
