/**
 * @module tools/schema/null-plan — turns a strict-mode `null` back into "absent".
 *
 * Strict mode makes an optional property required and nullable, so the model sends `"unit": null`
 * where the user's schema says `unit` may be left out. Before zod parses, every such `null` is
 * removed, so `.optional()` keeps its meaning (and `.default()` applies). Only properties whose
 * original schema does *not* accept `null` are touched: for `.nullable().optional()` the `null`
 * is a real value. The plan is built once per tool from the non-strict schema; applying it copies
 * only the objects it changes.
 */
import type { JsonSchema } from "../types.js";
import { childPointer } from "./pointer.js";
import { acceptsNull } from "./strict.js";

interface PlanNode {
  /** Object keys whose `null` means "absent". */
  absentIfNull?: Set<string>;
  properties?: Map<string, PlanNode>;
  /** Plan for values of undeclared keys (records). */
  additional?: PlanNode;
  items?: PlanNode;
  branches?: Branch[];
  /** Local `$ref` target (a pointer), resolved when applied. */
  ref?: string;
}

/** A union member, with what it takes to recognise an object value as belonging to it. */
interface Branch {
  plan: PlanNode;
  /** Declared property names (object branches only). */
  keys?: Set<string>;
  /** Properties pinned to one value (`const` or a one-value `enum`): a discriminator. */
  consts?: Map<string, unknown>;
}

/** A built plan: the root node and every node by pointer, for `$ref`s. */
export interface NullPlan {
  root: PlanNode;
  byPointer: Map<string, PlanNode>;
  schema: JsonSchema;
}

/** Builds the plan for `schema`, or returns `undefined` when no `null` would ever be removed. */
export function buildNullPlan(schema: JsonSchema): NullPlan | undefined {
  const state = { byPointer: new Map<string, PlanNode>(), useful: false };
  const root = build(schema, "", state);
  return state.useful ? { root, byPointer: state.byPointer, schema } : undefined;
}

function build(node: unknown, ptr: string, state: { byPointer: Map<string, PlanNode>; useful: boolean }) {
  const plan: PlanNode = {};
  state.byPointer.set(ptr, plan);
  if (!isRecord(node)) return plan;
  if (typeof node.$ref === "string" && node.$ref.startsWith("#")) plan.ref = node.$ref.slice(1);
  const properties = node.properties;
  if (isRecord(properties)) {
    const required = new Set(Array.isArray(node.required) ? node.required : []);
    plan.properties = new Map();
    for (const key of Object.keys(properties)) {
      const child = properties[key];
      plan.properties.set(key, build(child, childPointer(childPointer(ptr, "properties"), key), state));
      if (!required.has(key) && !acceptsNull(child)) {
        plan.absentIfNull ??= new Set();
        plan.absentIfNull.add(key);
        state.useful = true;
      }
    }
  }
  if (isRecord(node.additionalProperties)) {
    plan.additional = build(node.additionalProperties, childPointer(ptr, "additionalProperties"), state);
  }
  if (isRecord(node.items)) plan.items = build(node.items, childPointer(ptr, "items"), state);
  for (const key of ["anyOf", "oneOf"]) {
    const list = node[key];
    if (!Array.isArray(list)) continue;
    plan.branches = list.map((branch, i) => ({
      plan: build(branch, childPointer(childPointer(ptr, key), i), state),
      ...recogniser(branch),
    }));
  }
  for (const key of ["$defs", "definitions"]) {
    const defs = node[key];
    if (!isRecord(defs)) continue;
    for (const name of Object.keys(defs))
      build(defs[name], childPointer(childPointer(ptr, key), name), state);
  }
  return plan;
}

function recogniser(branch: unknown): Omit<Branch, "plan"> {
  if (!isRecord(branch) || !isRecord(branch.properties)) return {};
  const keys = new Set(Object.keys(branch.properties));
  const consts = new Map<string, unknown>();
  for (const key of keys) {
    const prop = branch.properties[key];
    if (!isRecord(prop)) continue;
    if ("const" in prop) consts.set(key, prop.const);
    else if (Array.isArray(prop.enum) && prop.enum.length === 1) consts.set(key, prop.enum[0]);
  }
  return { keys, consts };
}

/** Returns `value` with every strict-mode `null` that means "absent" removed (copy-on-write). */
export function applyNullPlan(value: unknown, plan: NullPlan): unknown {
  return apply(value, plan.root, plan);
}

function apply(value: unknown, node: PlanNode, plan: NullPlan): unknown {
  // Follow `$ref` chains; a cycle of refs without a schema in between is cut after a few hops.
  for (let hops = 0; node.ref !== undefined && hops < 32; hops++) {
    const target = plan.byPointer.get(node.ref);
    if (target === undefined) return value;
    node = target;
  }
  if (Array.isArray(value)) {
    const items = node.items ?? node.branches?.find((b) => resolve(b.plan, plan).items)?.plan;
    if (items === undefined) return value;
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const next = apply(value[i], items, plan);
      if (next === value[i]) continue;
      out ??= value.slice();
      out[i] = next;
    }
    return out ?? value;
  }
  if (!isRecord(value)) return value;
  let out: Record<string, unknown> | undefined;
  if (node.properties !== undefined || node.additional !== undefined) {
    for (const key of Object.keys(value)) {
      const current = value[key];
      if (current === null && node.absentIfNull?.has(key)) {
        out ??= { ...value };
        delete out[key];
        continue;
      }
      const child = node.properties?.get(key) ?? node.additional;
      if (child === undefined) continue;
      const next = apply(current, child, plan);
      if (next === current) continue;
      out ??= { ...value };
      out[key] = next;
    }
  }
  const branch = node.branches && pickBranch(value, node.branches, plan);
  return branch ? apply(out ?? value, branch.plan, plan) : (out ?? value);
}

function resolve(node: PlanNode, plan: NullPlan): PlanNode {
  return node.ref === undefined ? node : (plan.byPointer.get(node.ref) ?? node);
}

/**
 * Which union member an object belongs to: the first whose pinned properties (a discriminator)
 * all match, else the first that declares every key present, else the first object member.
 */
function pickBranch(value: Record<string, unknown>, branches: Branch[], plan: NullPlan): Branch | undefined {
  const candidates = branches.map((b) => (b.keys ? b : { ...b, ...recogniserOf(b, plan) }));
  const objects = candidates.filter((b) => b.keys !== undefined);
  return (
    objects.find((b) => b.consts !== undefined && b.consts.size > 0 && matchesConsts(value, b.consts)) ??
    objects.find((b) => Object.keys(value).every((key) => b.keys?.has(key))) ??
    objects[0]
  );
}

/** The recogniser of a member that is a `$ref`, read from the schema it points to. */
function recogniserOf(branch: Branch, plan: NullPlan): Omit<Branch, "plan"> {
  if (branch.plan.ref === undefined) return {};
  return recogniser(schemaAt(plan.schema, branch.plan.ref));
}

function matchesConsts(value: Record<string, unknown>, consts: Map<string, unknown>): boolean {
  for (const [key, expected] of consts) if (value[key] !== expected) return false;
  return true;
}

function schemaAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.split("/").slice(1)) {
    if (!isRecord(node) && !Array.isArray(node)) return undefined;
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
