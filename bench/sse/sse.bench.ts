/**
 * @module bench/sse/sse.bench — SSE decoding throughput over the recorded streams: openloop's
 * `decodeSSE`, `eventsource-parser` + `JSON.parse` (what a careful hand-rolled decoder costs), a
 * "bytes floor" (UTF-8 decoding and `JSON.parse`, no SSE rules), and `JSON.parse` alone over
 * the same payloads (the floor the issue names: no bytes, no framing at all).
 *
 * MB/s is always the corpus's SSE bytes over the CPU time taken (tinybench's clock here is
 * `process.cpuUsage`, so other processes on a shared machine do not skew it), so the three are
 * directly comparable (ratio = time ratio) even though the floor never sees the framing bytes.
 *
 * Run alone: node --conditions=source --import tsx bench/sse/sse.bench.ts [--quick]
 */
import { decodeSSE } from "@openloop/protocol";
import { createParser } from "eventsource-parser";
import { Bench } from "tinybench";
import { median, round } from "../support/stats.js";
import { type Corpus, loadCorpus, READ_SIZE } from "./corpus.js";

/** CPU time of this process (user + system, every thread: GC included), in ms. */
function cpuNow(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

async function* reads(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

/** Decodes every stream with `decodeSSE`; returns the events seen (checked by the caller). */
export async function withDecodeSSE(corpus: Corpus): Promise<number> {
  let events = 0;
  for (const stream of corpus.streams) for await (const _event of decodeSSE(reads(stream))) events++;
  return events;
}

/** `eventsource-parser` framing, `TextDecoder` streaming, `JSON.parse` per event. */
export function withEventsourceParser(corpus: Corpus): number {
  let events = 0;
  for (const stream of corpus.streams) {
    const decoder = new TextDecoder();
    const parser = createParser({
      onEvent(message) {
        if (message.data === "[DONE]") return;
        JSON.parse(message.data);
        events++;
      },
    });
    for (const chunk of stream) parser.feed(decoder.decode(chunk, { stream: true }));
    parser.feed(decoder.decode());
  }
  return events;
}

/**
 * The floor with bytes: what any decoder must do at least — turn the reads into text
 * (`TextDecoder`, fast path) and `JSON.parse` each `data:` line — with no SSE rules at all
 * (LF-only `data: ` lines, no comments, no multi-line data, no `event:` fallback) and no async
 * iteration. Not a decoder anyone should ship; it shows what UTF-8 decoding and fresh strings
 * cost on top of `JSON.parse`.
 */
export function withBytesFloor(corpus: Corpus): number {
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let events = 0;
  for (const stream of corpus.streams) {
    let text = "";
    for (const chunk of stream) text += decoder.decode(chunk);
    for (let at = text.indexOf("data: "); at !== -1; at = text.indexOf("data: ", at)) {
      const end = text.indexOf("\n", at);
      const data = text.slice(at + 6, end);
      at = end;
      if (data === "[DONE]") continue;
      JSON.parse(data);
      events++;
    }
  }
  return events;
}

/** `JSON.parse` of every payload, nothing else. */
export function withJsonParse(corpus: Corpus): number {
  let events = 0;
  for (const payload of corpus.payloads) {
    JSON.parse(payload);
    events++;
  }
  return events;
}

export interface SseBenchResult {
  streams: number;
  bytes: number;
  events: number;
  readSize: number;
  rounds: number;
  /** Median MB/s (MiB of SSE bytes per CPU-second) across rounds. */
  mbPerSec: { decodeSSE: number; eventsourceParser: number; bytesFloor: number; jsonParse: number };
  /** One time ÷ another (1 = as fast; the target, decodeSSE against JSON.parse, is ≤ 1.5). */
  ratios: {
    decodeSSEOverJsonParse: number;
    decodeSSEOverEventsourceParser: number;
    decodeSSEOverBytesFloor: number;
    eventsourceParserOverJsonParse: number;
    bytesFloorOverJsonParse: number;
  };
}

export async function runSseBench(options: { quick: boolean; rounds: number }): Promise<SseBenchResult> {
  const corpus = loadCorpus();
  // A decoder that skips events must not be measured as a fast one.
  for (const [name, count] of [
    ["decodeSSE", await withDecodeSSE(corpus)],
    ["eventsource-parser", withEventsourceParser(corpus)],
    ["bytes floor", withBytesFloor(corpus)],
    ["JSON.parse", withJsonParse(corpus)],
  ] as const)
    if (count !== corpus.events)
      throw new Error(`${name} saw ${count} events, the corpus has ${corpus.events}`);

  const mb = corpus.bytes / 2 ** 20;
  const samples = {
    decodeSSE: [] as number[],
    eventsourceParser: [] as number[],
    bytesFloor: [] as number[],
    jsonParse: [] as number[],
  };
  for (let r = 0; r < options.rounds; r++) {
    const bench = new Bench({
      time: options.quick ? 200 : 2000,
      warmupTime: options.quick ? 50 : 500,
      iterations: 5,
      throws: true,
      now: cpuNow,
    });
    bench.add("decodeSSE", () => withDecodeSSE(corpus), { async: true });
    bench.add("eventsource-parser + JSON.parse", () => withEventsourceParser(corpus), { async: false });
    bench.add("bytes floor", () => withBytesFloor(corpus), { async: false });
    bench.add("JSON.parse", () => withJsonParse(corpus), { async: false });
    await bench.run();
    const mbps = (i: number) => {
      const result = bench.tasks[i]!.result;
      if (result.state !== "completed") throw new Error(`task ${i} ended in state ${result.state}`);
      return (mb * 1000) / result.period;
    };
    samples.decodeSSE.push(mbps(0));
    samples.eventsourceParser.push(mbps(1));
    samples.bytesFloor.push(mbps(2));
    samples.jsonParse.push(mbps(3));
  }
  const decode = median(samples.decodeSSE);
  const esp = median(samples.eventsourceParser);
  const bytes = median(samples.bytesFloor);
  const json = median(samples.jsonParse);
  return {
    streams: corpus.count,
    bytes: corpus.bytes,
    events: corpus.events,
    readSize: READ_SIZE,
    rounds: options.rounds,
    mbPerSec: {
      decodeSSE: round(decode),
      eventsourceParser: round(esp),
      bytesFloor: round(bytes),
      jsonParse: round(json),
    },
    ratios: {
      decodeSSEOverJsonParse: round(json / decode),
      decodeSSEOverEventsourceParser: round(esp / decode),
      decodeSSEOverBytesFloor: round(bytes / decode),
      eventsourceParserOverJsonParse: round(json / esp),
      bytesFloorOverJsonParse: round(json / bytes),
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes("--quick");
  const at = process.argv.indexOf("--rounds");
  const rounds = at === -1 ? (quick ? 1 : 3) : Number(process.argv[at + 1]);
  const result = await runSseBench({ quick, rounds });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
