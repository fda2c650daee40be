/**
 * @module testing-support/spec-validator — validate values against the vendored OpenAPI document.
 *
 * For tests only: other packages check what they emit with `validateAgainstSpec`. Uses ajv
 * (JSON Schema 2020-12, which OpenAPI 3.1 schemas are) without the `discriminator` keyword: the
 * spec's `ItemParam` union has a member whose `type` is nullable, which ajv's discriminator
 * support rejects, and plain `oneOf` gives the same answers.
 */
import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

interface OpenApiDoc {
  components: { schemas: Record<string, { properties?: { type?: { enum?: string[] } } }> };
  paths: Record<string, unknown>;
}

/** The vendored spec document (`packages/protocol/spec/openapi.json`). */
export const openApiDocument: OpenApiDoc = JSON.parse(
  readFileSync(new URL("../../spec/openapi.json", import.meta.url), "utf8"),
) as OpenApiDoc;

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => void;

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: "openapi", components: openApiDocument.components });
// The HTTP error envelope is described in the spec's prose only: `{ "error": ErrorPayload }`.
ajv.addSchema({
  $id: "openloop-error-envelope",
  type: "object",
  required: ["error"],
  properties: { error: { $ref: "openapi#/components/schemas/ErrorPayload" } },
});

/** The streaming event schema names of the spec, by event `type`. */
const EVENT_SCHEMA_BY_TYPE: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  const stream = (openApiDocument.paths["/responses"] as { post: { responses: Record<string, unknown> } })
    .post.responses["200"] as { content: Record<string, { schema: { oneOf: { $ref: string }[] } }> };
  for (const { $ref } of stream.content["text/event-stream"]!.schema.oneOf) {
    const name = $ref.split("/").pop()!;
    const type = openApiDocument.components.schemas[name]?.properties?.type?.enum?.[0];
    if (type !== undefined) map.set(type, name);
  }
  return map;
})();

/** The event types the spec defines (its 24 streaming events). */
export const specEventTypes: readonly string[] = [...EVENT_SCHEMA_BY_TYPE.keys()];

const compiled = new Map<string, ValidateFunction>();

function validatorFor(name: string): ValidateFunction {
  let validate = compiled.get(name);
  if (validate === undefined) {
    const ref = name === "ErrorEnvelope" ? "openloop-error-envelope" : `openapi#/components/schemas/${name}`;
    if (name !== "ErrorEnvelope" && openApiDocument.components.schemas[name] === undefined)
      throw new Error(`No schema named ${name} in the spec`);
    validate = ajv.compile({ $ref: ref });
    compiled.set(name, validate);
  }
  return validate;
}

/** One reason a value does not match the spec. */
export interface SpecError {
  /** JSON Pointer into the value (`/output/0/content`), `""` for the root. */
  path: string;
  message: string;
}

/**
 * Validate `value` against a schema of the spec. `name` is a component schema name
 * (`ResponseResource`, `CreateResponseBody`, `ItemParam`, `ItemField`, ...), `"ErrorEnvelope"`
 * (an HTTP error body), or `"StreamEvent"` (validated against the event schema its `type`
 * names; a type the spec does not define is an error). Returns `[]` when the value conforms.
 *
 * @example expect(validateAgainstSpec("StreamEvent", event)).toEqual([]);
 */
export function validateAgainstSpec(name: string, value: unknown): SpecError[] {
  let schema = name;
  if (name === "StreamEvent") {
    const type = (value as { type?: unknown } | null)?.type;
    const found = typeof type === "string" ? EVENT_SCHEMA_BY_TYPE.get(type) : undefined;
    if (found === undefined)
      return [{ path: "/type", message: `the spec defines no event type ${JSON.stringify(type)}` }];
    schema = found;
  }
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => ({
    path: e.instancePath,
    message: e.message ?? e.keyword,
  }));
}
