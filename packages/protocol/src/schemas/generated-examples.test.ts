/**
 * Generated examples: every valid value the arbitraries produce (items, responses, events, request
 * bodies, the compact endpoint's request and reply) is accepted by both our zod schemas and the
 * spec's OpenAPI document; removing any key the spec requires makes both reject.
 */
import { arbitraries, openApiDocument, validateAgainstSpec } from "@openloop/protocol/fixtures";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { z } from "zod";
import { CompactRequestBody, CompactResource } from "./compact.js";
import { StreamEvent } from "./events.js";
import { ItemParam } from "./item-params.js";
import { OutputItem } from "./items.js";
import { CreateResponseBody } from "./request.js";
import { ResponseResource } from "./response.js";

const cases: [string, fc.Arbitrary<unknown>, z.ZodType, string][] = [
  ["output item", arbitraries.outputItem, OutputItem, "ItemField"],
  ["response", arbitraries.responseResource, ResponseResource, "ResponseResource"],
  ["stream event", arbitraries.streamEvent, StreamEvent, "StreamEvent"],
  ["input item", arbitraries.itemParam, ItemParam, "ItemParam"],
  ["request body", arbitraries.createResponseBody, CreateResponseBody, "CreateResponseBody"],
  [
    "compact request body",
    arbitraries.compactRequestBody,
    CompactRequestBody,
    "CompactResponseMethodPublicBody",
  ],
  ["compact response", arbitraries.compactResource, CompactResource, "CompactResource"],
];

describe("generated valid values", () => {
  for (const [label, arbitrary, schema, spec] of cases) {
    test(`every generated ${label} is accepted by zod and by the spec`, () => {
      fc.assert(
        fc.property(arbitrary, (value) => {
          expect(schema.safeParse(value).error).toBeUndefined();
          expect(validateAgainstSpec(spec, value)).toEqual([]);
        }),
        { numRuns: 150 },
      );
    });
  }
});

/** The spec's schema name for an output item or event, from its `type`. */
const schemaNameByType = new Map<string, string>();
for (const [name, schema] of Object.entries(openApiDocument.components.schemas)) {
  const type = schema.properties?.type?.enum?.[0];
  if (type !== undefined && !name.endsWith("Param") && !schemaNameByType.has(type))
    schemaNameByType.set(type, name);
}
schemaNameByType.set("reasoning", "ReasoningBody").set("compaction", "CompactionBody");

function requiredKeys(name: string): string[] {
  return (
    (openApiDocument.components.schemas[name] as { required?: string[] } | undefined)?.required ?? []
  ).slice();
}

describe("generated values missing a required key", () => {
  const withMissingKey = <T extends object>(arbitrary: fc.Arbitrary<T>, schemaName: (v: T) => string) =>
    arbitrary.chain((value) => {
      const keys = requiredKeys(schemaName(value)).filter((k) => k in value);
      return fc.constantFrom(...keys).map((key) => {
        const copy = { ...value } as Record<string, unknown>;
        delete copy[key];
        return { key, value: copy };
      });
    });

  const broken: [string, fc.Arbitrary<{ key: string; value: unknown }>, z.ZodType, string][] = [
    [
      "output item",
      withMissingKey(
        arbitraries.outputItem as fc.Arbitrary<{ type: string }>,
        (v) => schemaNameByType.get(v.type)!,
      ),
      OutputItem,
      "ItemField",
    ],
    [
      "response",
      withMissingKey(arbitraries.responseResource, () => "ResponseResource"),
      ResponseResource,
      "ResponseResource",
    ],
    [
      "compact request body",
      withMissingKey(arbitraries.compactRequestBody, () => "CompactResponseMethodPublicBody"),
      CompactRequestBody,
      "CompactResponseMethodPublicBody",
    ],
    [
      "compact response",
      withMissingKey(arbitraries.compactResource, () => "CompactResource"),
      CompactResource,
      "CompactResource",
    ],
    [
      "stream event",
      withMissingKey(
        arbitraries.streamEvent as fc.Arbitrary<{ type: string }>,
        (v) => schemaNameByType.get(v.type)!,
      ),
      StreamEvent,
      "StreamEvent",
    ],
  ];
  for (const [label, arbitrary, schema, spec] of broken) {
    test(`a ${label} without a required key is rejected by zod and by the spec`, () => {
      fc.assert(
        fc.property(arbitrary, ({ key, value }) => {
          expect(schema.safeParse(value).success, `zod accepted a ${label} without ${key}`).toBe(false);
          expect(
            validateAgainstSpec(spec, value).length,
            `spec accepted a ${label} without ${key}`,
          ).toBeGreaterThan(0);
        }),
        { numRuns: 150 },
      );
    });
  }
});
