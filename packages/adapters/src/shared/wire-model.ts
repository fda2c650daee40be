/**
 * @module shared/wire-model — a wire's description made into a `Model`: the part every adapter shares.
 */
import {
  type Model,
  type ModelCapabilities,
  type ModelRequestOptions,
  resolveTransport,
  type TransportOptions,
} from "@openloop/core";
import type { CreateResponseBody, StreamEvent } from "@openloop/protocol";
import { runModel, type WireCall, type WireTranslator } from "../transport/run-model.js";
import { type EndpointOptions, endpoint, lowerCaseHeaders, OptionChecks } from "./config.js";
import type { WireWriter } from "./wire-writer.js";

/** The options every adapter takes, whatever its wire. */
export interface WireModelOptions extends EndpointOptions, TransportOptions {
  /** Stream the answer (SSE), or ask for one JSON body (still emitted as a full event stream). @default true */
  stream?: boolean;
  /** Override what the model declares it can take (e.g. `{ images: false }` for a text-only model). */
  capabilities?: ModelCapabilities;
}

/**
 * The names of the options every adapter reads, plus `wire` (what `createModel` dispatched on). The
 * type makes tsc fail when an option is added to {@link WireModelOptions} without its name here.
 */
const SHARED_OPTIONS = [
  "baseURL",
  "model",
  "apiKey",
  "headers",
  "name",
  "stream",
  "capabilities",
  "fetch",
  "maxRetries",
  "timeoutMs",
  "idleTimeoutMs",
  "backoff",
  "onRetry",
  "maxEventLength",
] as const satisfies readonly (keyof WireModelOptions)[];
const sharedCovered: Exclude<keyof WireModelOptions, (typeof SHARED_OPTIONS)[number]> extends never
  ? true
  : never = true;

/**
 * A wire's own option names (beyond {@link WireModelOptions}), so that an unknown option can be
 * refused at construction. `names` must list every one of `O`'s: tsc fails on a missing one.
 */
export function optionNames<O>() {
  return <const L extends readonly Exclude<keyof O, keyof WireModelOptions>[]>(
    names: Exclude<Exclude<keyof O, keyof WireModelOptions>, L[number]> extends never ? L : never,
  ): OptionNames<O> => names;
}

/** See {@link optionNames}. */
export type OptionNames<O> = readonly Exclude<keyof O, keyof WireModelOptions>[];

/** What makes one wire: its name, path, headers, capabilities, request builder and stream translator. */
export interface Wire<O extends WireModelOptions> {
  /** The wire's name (`chat-completions`), in messages and the default model name. */
  name: string;
  /** The factory, for configuration errors (`chatCompletions()`). */
  owner: string;
  /** Appended to `baseURL` (`/chat/completions`). */
  path: string;
  capabilities: Readonly<ModelCapabilities>;
  /** The names of the wire's own options (see {@link OptionNames}). */
  options: OptionNames<O>;
  /** The wire's own headers (authentication, version), before the user's `headers`. */
  headers(options: O): Record<string, string>;
  /** Checks the wire's own options at construction (the shared ones are checked already). */
  check(options: OptionChecks): void;
  /** The wire body for `request`, asking for `model`; throws `invalid_request` for what it cannot express. */
  build(request: CreateResponseBody, options: O, model: string): Record<string, unknown>;
  translator(writer: WireWriter): WireTranslator;
}

/**
 * A `Model` over `wire`: options checked once (`invalid_config`), the request's `model` used when it
 * names one (else the adapter's, as with `openResponses()`), every request run by `runModel`.
 */
export function wireModel<O extends WireModelOptions>(wire: Wire<O>, options: O): Model {
  const checks = new OptionChecks(wire.owner, options);
  if (sharedCovered)
    checks.onlyKnown(new Set<string>([...SHARED_OPTIONS, "wire", ...(wire.options as readonly string[])]));
  const baseURL = checks.url("baseURL");
  const model = checks.requiredString("model");
  checks.string("apiKey");
  checks.string("name");
  checks.stringRecord("headers");
  checks.boolean("stream");
  checks.object("capabilities");
  wire.check(checks);
  const stream = options.stream !== false;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: stream ? "text/event-stream" : "application/json",
    ...wire.headers(options),
    ...lowerCaseHeaders(options.headers),
  };
  const call: WireCall = {
    wire: wire.name,
    url: endpoint(baseURL, wire.path),
    headers,
    model,
    build: (request) => wire.build(request, options, request.model || model),
    translator: wire.translator,
    transport: resolveTransport(options, { stream, owner: wire.owner }),
  };
  return {
    name: options.name ?? `${wire.name}:${model}`,
    capabilities: { ...wire.capabilities, ...options.capabilities },
    stream(
      request: CreateResponseBody,
      requestOptions: ModelRequestOptions = {},
    ): AsyncIterable<StreamEvent> {
      return runModel(call, request, requestOptions);
    },
  };
}
