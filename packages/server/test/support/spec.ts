/**
 * Validation of what the server emits: spec objects against the spec's OpenAPI document; the hosted
 * code tool's item and events (OpenAI's `code_interpreter_call`, which the spec's closed unions
 * cannot name) against the protocol's own schemas, and the rest of their response against the spec.
 */
import { parseOutputItem, parseStreamEvent } from "@openloop/protocol";
import { specEventTypes, streamOrderViolations, validateAgainstSpec } from "@openloop/protocol/fixtures";

type Obj = Record<string, unknown> & { type?: string };

const HOSTED_ITEM_TYPES = new Set(["code_interpreter_call", "openloop:code_interpreter_call"]);
const HOSTED_TOOL_TYPES = new Set(["code_interpreter", "openloop:code_interpreter"]);

function protocolProblems(parse: (v: unknown) => unknown, value: unknown, where: string): string[] {
  try {
    parse(value);
    return [];
  } catch (error) {
    return [`${where}: ${(error as Error).message}`];
  }
}

/** Problems of a response: hosted items and tools checked by the protocol, the rest by the spec. */
export function responseProblems(response: unknown, where = "response"): string[] {
  const r = response as Obj;
  const problems: string[] = [];
  const output = (r.output as Obj[] | undefined) ?? [];
  const tools = (r.tools as Obj[] | undefined) ?? [];
  output.forEach((item, i) => {
    if (HOSTED_ITEM_TYPES.has(String(item.type)))
      problems.push(...protocolProblems(parseOutputItem, item, `${where}.output[${i}]`));
  });
  const specPart = {
    ...r,
    output: output.filter((item) => !HOSTED_ITEM_TYPES.has(String(item.type))),
    tools: tools.filter((tool) => !HOSTED_TOOL_TYPES.has(String(tool.type))),
    ...withoutEchoedSchema(r.text as Obj | undefined, where, problems),
  };
  for (const e of validateAgainstSpec("ResponseResource", specPart))
    problems.push(`${where}${e.path}: ${e.message}`);
  return problems;
}

/**
 * The spec document's `JsonSchemaResponseFormat.schema` allows only `null` (an artifact of how it was
 * generated: its prose, OpenAI and the protocol's own schema echo the JSON Schema object). The echo
 * is checked with the schema object set aside, and the schema itself must be an object.
 */
function withoutEchoedSchema(text: Obj | undefined, where: string, problems: string[]): { text?: Obj } {
  const format = text?.format as Obj | undefined;
  if (format?.type !== "json_schema" || format.schema === null) return {};
  if (typeof format.schema !== "object" || Array.isArray(format.schema))
    problems.push(`${where}/text/format/schema: not an object`);
  return { text: { ...text, format: { ...format, schema: null } } };
}

/** Problems of one streamed event. Extension (`openloop:`) events only need `type` and `sequence_number`. */
export function eventProblems(event: unknown): string[] {
  const e = event as Obj;
  const type = String(e.type);
  if (type.startsWith("openloop:")) {
    return typeof e.sequence_number === "number" ? [] : [`${type}: no sequence_number`];
  }
  if (type.startsWith("response.code_interpreter_call")) return protocolProblems(parseStreamEvent, e, type);
  if (!specEventTypes.includes(type)) return [`${type}: not a spec event`];
  if (e.response !== undefined) {
    const { response, ...rest } = e;
    const shell = validateAgainstSpec("StreamEvent", {
      ...rest,
      response: {
        ...(response as Obj),
        output: [],
        tools: [],
        ...withoutEchoedSchema((response as Obj).text as Obj | undefined, type, []),
      },
    });
    return [
      ...shell.map((p) => `${type}${p.path}: ${p.message}`),
      ...responseProblems(response, `${type}.response`),
    ];
  }
  if (e.item !== undefined && HOSTED_ITEM_TYPES.has(String((e.item as Obj).type))) {
    return protocolProblems(parseStreamEvent, e, type);
  }
  return validateAgainstSpec("StreamEvent", e).map((p) => `${type}${p.path}: ${p.message}`);
}

/** Every problem of a whole stream: each event, and the spec's ordering rules. */
export function streamProblems(events: readonly unknown[]): string[] {
  const problems: string[] = [];
  for (const event of events) problems.push(...eventProblems(event));
  problems.push(...streamOrderViolations(events as Obj[] as { type: string }[]));
  return problems;
}

/**
 * A stream sent with OpenAI's reasoning event names (`OpenLoop-Reasoning-Events: openai`, the opt-in
 * for the SDK's stream helper), renamed to the spec's so it can be checked against the document.
 */
export function renameReasoning(event: Record<string, unknown>): Record<string, unknown> {
  const type = String(event.type);
  return type.startsWith("response.reasoning_text.")
    ? { ...event, type: type.replace("reasoning_text", "reasoning") }
    : event;
}
