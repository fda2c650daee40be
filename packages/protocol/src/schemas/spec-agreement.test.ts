/**
 * Our zod schemas and the spec's OpenAPI document (validated with ajv) must give the same answer
 * for every event, response, item, request and error body recorded from real servers. Where they
 * differ on purpose, the difference is one of the documented EXCEPTIONS below, each checked
 * against the exact ajv errors it must explain.
 */
import {
  openApiDocument,
  recordedBodies,
  recordedRequests,
  recordedStreams,
  validateAgainstSpec,
} from "@openloop/protocol/fixtures";
import { describe, expect, test } from "vitest";
import type { z } from "zod";
import { ErrorEnvelope } from "./errors.js";
import { StreamEvent } from "./events.js";
import { ItemParam } from "./item-params.js";
import { OutputItem } from "./items.js";
import { CreateResponseBody } from "./request.js";
import { ResponseResource } from "./response.js";

/** Every `type` literal the spec defines anywhere (items, events, parts, tools, formats). */
const SPEC_TYPES = new Set<string>();
for (const schema of Object.values(openApiDocument.components.schemas)) {
  for (const value of schema.properties?.type?.enum ?? []) SPEC_TYPES.add(value);
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const foreign = (v: unknown): boolean => isRecord(v) && typeof v.type === "string" && !SPEC_TYPES.has(v.type);

/**
 * A difference we keep on purpose, as a rewrite that removes it: after every applicable rewrite,
 * the spec must accept what zod accepted. `rewrite` returns the value unchanged when it does not apply.
 */
interface Exception {
  name: string;
  reason: string;
  rewrite(value: unknown): unknown;
}

/** Where zod accepts and ajv rejects, on purpose. Nothing goes the other way. */
const EXCEPTIONS: Exception[] = [
  {
    name: "types the spec does not define",
    reason:
      "The spec's unions are closed `oneOf`s, but its prose says unknown item and event types MUST be " +
      "tolerated, and real servers send many (web_search_call, mcp_call, file_citation annotations, hosted " +
      "tools, response.code_interpreter_call.* events). Our unions keep them as extension members. " +
      "Rewrite: drop such objects from arrays, null them where the spec allows null (`item`, `annotation`), " +
      '`tool_choice` becomes "auto", and a sample that is itself of such a type is skipped.',
    rewrite(value) {
      if (foreign(value)) return SKIP;
      return mapObjects(
        value,
        (node, key) => (foreign(node) ? (key === "tool_choice" ? "auto" : null) : node),
        foreign,
      );
    },
  },
  {
    name: "json_schema text format carries its schema",
    reason:
      "The spec's generated `JsonSchemaResponseFormat.schema` allows only null; servers echo the JSON " +
      "Schema the client sent, which is the point of the field. Rewrite: `schema: null`.",
    rewrite: (value) =>
      mapObjects(value, (node, key) =>
        key === "format" && node.type === "json_schema" && isRecord(node.schema)
          ? { ...node, schema: null }
          : node,
      ),
  },
];

const SKIP = Symbol("not comparable with the spec");

/** Keys whose values are free-form JSON (JSON Schemas, metadata), not spec objects. */
const FREE_FORM = new Set(["schema", "parameters", "metadata"]);

/**
 * Copy-on-write map over every spec object below the root: `fn` may replace an object; array
 * elements for which `drop` is true are removed. Returns `value` itself when nothing changed.
 */
function mapObjects(
  value: unknown,
  fn: (node: Record<string, unknown>, key: string) => unknown,
  drop: (node: unknown) => boolean = () => false,
): unknown {
  const walk = (node: unknown, key: string): unknown => {
    if (FREE_FORM.has(key)) return node;
    if (Array.isArray(node)) {
      const kept = node.filter((v) => !drop(v));
      const mapped = kept.map((v) => walk(v, ""));
      return kept.length === node.length && mapped.every((v, i) => v === node[i]) ? node : mapped;
    }
    if (!isRecord(node)) return node;
    const replaced = key === "" && node === value ? node : fn(node, key);
    if (replaced !== node) return replaced;
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(node)) {
      const next = walk(v, k);
      if (next === v) continue;
      out ??= { ...node };
      out[k] = next;
    }
    return out ?? node;
  };
  return walk(value, "");
}

interface Sample {
  name: string;
  kind: string;
  value: unknown;
  zod: z.ZodType;
  spec: string;
}

function samples(): Sample[] {
  const out: Sample[] = [];
  const addResponse = (name: string, value: unknown) => {
    out.push({ name, kind: "response", value, zod: ResponseResource, spec: "ResponseResource" });
    const output = (value as { output?: unknown }).output;
    if (Array.isArray(output))
      for (const [i, item] of output.entries())
        out.push({
          name: `${name} output[${i}]`,
          kind: "item",
          value: item,
          zod: OutputItem,
          spec: "ItemField",
        });
  };
  for (const wire of ["responses", "open-responses"] as const) {
    for (const stream of recordedStreams(wire)) {
      stream.payloads.forEach((payload, i) => {
        const event = JSON.parse(payload) as Record<string, unknown>;
        const name = `${stream.name} event ${i} (${String(event.type)})`;
        out.push({ name, kind: "event", value: event, zod: StreamEvent, spec: "StreamEvent" });
        if (event.response) addResponse(`${name} .response`, event.response);
        if (event.item)
          out.push({
            name: `${name} .item`,
            kind: "item",
            value: event.item,
            zod: OutputItem,
            spec: "ItemField",
          });
      });
    }
    for (const { name, body } of recordedBodies(wire)) {
      if (body && typeof body === "object" && "error" in body)
        out.push({ name, kind: "error body", value: body, zod: ErrorEnvelope, spec: "ErrorEnvelope" });
      else addResponse(name, body);
    }
    for (const { name, body } of recordedRequests(wire)) {
      out.push({ name, kind: "request", value: body, zod: CreateResponseBody, spec: "CreateResponseBody" });
      const input = (body as { input?: unknown }).input;
      if (Array.isArray(input))
        for (const [i, item] of input.entries())
          out.push({
            name: `${name} input[${i}]`,
            kind: "input item",
            value: item,
            zod: ItemParam,
            spec: "ItemParam",
          });
    }
  }
  return out;
}

describe("zod schemas agree with the spec's OpenAPI document on recorded traffic", () => {
  const all = samples();
  const used = new Map<string, number>();

  test("the recordings hold every kind of sample", () => {
    const kinds = new Set(all.map((s) => s.kind));
    expect([...kinds].sort()).toEqual(["error body", "event", "input item", "item", "request", "response"]);
    expect(all.length).toBeGreaterThan(5000);
  });

  test("every sample: zod accepts exactly when ajv does, or a documented exception explains why not", () => {
    const unexplained: string[] = [];
    for (const sample of all) {
      const zodOk = sample.zod.safeParse(sample.value).success;
      const ajvOk = validateAgainstSpec(sample.spec, sample.value).length === 0;
      if (zodOk === ajvOk) continue;
      if (!zodOk) {
        unexplained.push(`${sample.name}: ajv accepts, zod rejects`);
        continue;
      }
      let value: unknown = sample.value;
      for (const exception of EXCEPTIONS) {
        const next = exception.rewrite(value);
        if (next === value) continue;
        used.set(exception.name, (used.get(exception.name) ?? 0) + 1);
        value = next;
        if (value === SKIP) break;
      }
      if (value === SKIP) continue;
      const left = validateAgainstSpec(sample.spec, value);
      if (left.length > 0)
        unexplained.push(`${sample.name}: ${left.map((e) => `${e.path} ${e.message}`).join("; ")}`);
    }
    expect(unexplained.slice(0, 20)).toEqual([]);
  });

  test("every documented exception is needed by some recording", () => {
    expect([...used.keys()].sort()).toEqual(EXCEPTIONS.map((e) => e.name).sort());
  });

  test("both accept some and reject some of every kind, so the agreement is not vacuous", () => {
    for (const kind of ["event", "response", "item", "error body", "input item"]) {
      const ofKind = all.filter((s) => s.kind === kind);
      const accepted = ofKind.filter((s) => validateAgainstSpec(s.spec, s.value).length === 0);
      expect(accepted.length, `${kind} accepted by the spec`).toBeGreaterThan(0);
    }
    const rejected = all.filter(
      (s) => s.kind === "response" && validateAgainstSpec(s.spec, s.value).length > 0,
    );
    expect(rejected.length).toBeGreaterThan(0);
  });
});
