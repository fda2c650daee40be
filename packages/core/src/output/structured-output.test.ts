/**
 * Structured final output with the scripted model: the request's `text.format`, the parsed and
 * typed `finalOutput`, retries with the validation errors, typed failures and refusals, and the
 * instructions fallback for models without `json_schema`.
 */
import { OpenloopError } from "@openloop/protocol";
import { functionCall, refusal, ScriptedModel, text } from "@openloop/testing";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { z as z3 } from "zod/v3";
import { Agent } from "../agent/agent.js";
import { RunError } from "../errors/run-error.js";
import { run } from "../run/run.js";
import { tool } from "../tools/index.js";

const Weather = z.object({
  city: z.string(),
  celsius: z.number(),
  note: z.string().optional(),
});

describe("structured output", () => {
  it("sends text.format json_schema (strict-normalized) and returns the parsed, typed value", async () => {
    const model = new ScriptedModel([[text('{"city":"Paris","celsius":21,"note":null}')]]);
    const agent = new Agent({ name: "weather", model, output: Weather });
    const result = await run(agent, "Weather in Paris?");

    expectTypeOf(result.finalOutput).toEqualTypeOf<
      { city: string; celsius: number; note?: string | undefined } | undefined
    >();
    expect(result.finalOutput).toEqual({ city: "Paris", celsius: 21 });
    expect(model.requests[0]?.text).toEqual({
      format: {
        type: "json_schema",
        name: "final_output",
        strict: true,
        schema: {
          type: "object",
          properties: {
            city: { type: "string" },
            celsius: { type: "number" },
            note: { type: ["string", "null"] },
          },
          required: ["city", "celsius", "note"],
          additionalProperties: false,
        },
      },
    });
  });

  it("types finalOutput as a string without output, and from zod 3 and named JSON Schemas", async () => {
    const model = () => new ScriptedModel([[text('{"n":1}')]]);
    const plain = await run(new Agent({ name: "a", model: model() }), "x");
    expectTypeOf(plain.finalOutput).toEqualTypeOf<string | undefined>();
    expect(plain.finalOutput).toBe('{"n":1}');

    const v3 = await run(
      new Agent({ name: "a", model: model(), output: z3.object({ n: z3.number() }) }),
      "x",
    );
    expectTypeOf(v3.finalOutput).toEqualTypeOf<{ n: number } | undefined>();
    expect(v3.finalOutput).toEqual({ n: 1 });

    const json = await run(
      new Agent<unknown, { n: number }>({
        name: "a",
        model: model(),
        output: { type: "object", properties: { n: { type: "number" } }, required: ["n"] },
        outputName: "counter",
      }),
      "x",
    );
    expectTypeOf(json.finalOutput).toEqualTypeOf<{ n: number } | undefined>();
    expect(json.finalOutput).toEqual({ n: 1 });
    // @ts-expect-error a JSON Schema says nothing TypeScript can read: name the answer's type
    new Agent({ name: "a", model: model(), output: { type: "object", properties: {} } });
  });

  it("keeps modelSettings.text.verbosity beside the format, and applies transforms and defaults", async () => {
    const model = new ScriptedModel([[text('{"tags":"a,b"}')]]);
    const agent = new Agent({
      name: "tags",
      model,
      modelSettings: { text: { verbosity: "low" } },
      output: z.object({
        tags: z.string().transform((s) => s.split(",")),
        count: z.number().default(0),
      }),
      outputName: "tag_list",
    });
    const result = await run(agent, "Tags?");
    expectTypeOf(result.finalOutput).toEqualTypeOf<{ tags: string[]; count: number } | undefined>();
    expect(result.finalOutput).toEqual({ tags: ["a", "b"], count: 0 });
    expect(model.requests[0]?.text?.verbosity).toBe("low");
    expect(model.requests[0]?.text?.format).toMatchObject({ name: "tag_list" });
  });

  it("sends an invalid answer back once with the errors, then accepts the corrected one", async () => {
    const model = new ScriptedModel([
      [text('{"city":"Paris","celsius":"warm"}')],
      [text('{"city":"Paris","celsius":21,"note":null}')],
    ]);
    const result = await run(new Agent({ name: "weather", model, output: Weather }), "Weather?");
    expect(result.finalOutput).toEqual({ city: "Paris", celsius: 21 });
    expect(result.turns).toBe(2);
    const correction = model.requests[1]?.input?.at(-1);
    expect(correction).toEqual({
      type: "message",
      role: "developer",
      content:
        "Your last reply is not a valid final answer: the reply does not match the schema:\n" +
        "- at celsius: Invalid input: expected number, received string\n" +
        "Reply again with only a JSON object that matches the required JSON Schema.",
    });
  });

  it("fails with a typed output_validation_error carrying the raw text once retries are spent", async () => {
    const model = new ScriptedModel([[text("It is sunny.")], [text("Sunny, 21 degrees.")]]);
    const error = await run(new Agent({ name: "weather", model, output: Weather }), "Weather?").catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RunError);
    const runError = error as RunError;
    expect(runError.code).toBe("output_validation_error");
    expect(runError.details?.raw).toBe("Sunny, 21 degrees.");
    expect(runError.message).toMatch(/^The model's final answer is invalid: the reply is not valid JSON \(/);
    expect(runError.message).toContain("(The model was asked again 1 time.)");
    expect(runError.result.status).toBe("failed");
    expect(runError.result.turns).toBe(2);
    // The invalid replies and the correction are kept in the transcript.
    expect(runError.result.items.map((i) => (i as { role?: string }).role)).toEqual([
      "assistant",
      "developer",
      "assistant",
    ]);
  });

  it("takes the retry count from outputRetries (0: fail at once; 2: ask twice)", async () => {
    const bad = () => [text("{not json")];
    const zero = (await run(
      new Agent({ name: "w", model: new ScriptedModel([bad()]), output: Weather, outputRetries: 0 }),
      "x",
    ).catch((e: unknown) => e)) as RunError;
    expect(zero.code).toBe("output_validation_error");
    expect(zero.result.turns).toBe(1);

    const model = new ScriptedModel([bad(), bad(), [text('{"city":"Oslo","celsius":3,"note":null}')]]);
    const two = await run(new Agent({ name: "w", model, output: Weather, outputRetries: 2 }), "x");
    expect(two.finalOutput).toEqual({ city: "Oslo", celsius: 3 });
    expect(two.turns).toBe(3);
  });

  it("ends the run with a typed refusal, not a parse error, and never retries it", async () => {
    const model = new ScriptedModel([[refusal("I can't help with that.")], [text("{}")]]);
    const error = (await run(new Agent({ name: "w", model, output: Weather }), "x").catch(
      (e: unknown) => e,
    )) as RunError;
    expect(OpenloopError.is(error, "refusal")).toBe(true);
    expect(error.message).toBe("The model refused to answer: I can't help with that.");
    expect(error.details).toEqual({ refusal: "I can't help with that." });
    expect(model.requests).toHaveLength(1);
  });

  it("tolerates a code fence around the JSON", async () => {
    const model = new ScriptedModel([[text('```json\n{"city":"Rome","celsius":25,"note":"hot"}\n```')]]);
    const result = await run(new Agent({ name: "w", model, output: Weather }), "x");
    expect(result.finalOutput).toEqual({ city: "Rome", celsius: 25, note: "hot" });
  });

  it("falls back to instructions plus validation where the model cannot take json_schema", async () => {
    const model = new ScriptedModel([[text('{"city":"Lima","celsius":19,"note":null}')]], {
      capabilities: { jsonSchemaOutput: false },
    });
    const agent = new Agent({ name: "w", model, output: Weather, instructions: "Be exact." });
    const result = await run(agent, "x");
    expect(result.finalOutput).toEqual({ city: "Lima", celsius: 19 });
    const request = model.requests[0]!;
    expect(request.text).toBeUndefined();
    expect(request.instructions).toMatch(
      /^Be exact\.\n\nYour final answer must be one JSON object that matches the JSON Schema below\./,
    );
    expect(request.instructions).toContain('"required":["city","celsius","note"]');
  });

  it("validates a JSON Schema output too: an invalid answer is sent back, then fails typed", async () => {
    type Answer = { city: string; celsius: number };
    const schema = {
      type: "object",
      properties: { city: { type: "string" }, celsius: { type: "number" } },
      required: ["city", "celsius"],
    };
    const model = new ScriptedModel([[text('{"city":"Oslo"}')], [text('{"city":"Oslo","celsius":4}')]], {
      capabilities: { jsonSchemaOutput: false },
    });
    const result = await run(new Agent<unknown, Answer>({ name: "w", model, output: schema }), "x");
    expect(result.finalOutput).toEqual({ city: "Oslo", celsius: 4 });
    expect(model.requests[1]?.input?.at(-1)).toMatchObject({
      role: "developer",
      content: expect.stringContaining("- at celsius: required property is missing"),
    });

    const stubborn = new ScriptedModel([[text('{"city":1,"celsius":4}')], [text('{"city":1,"celsius":4}')]]);
    const error = await run(
      new Agent<unknown, Answer>({ name: "w", model: stubborn, output: schema }),
      "x",
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as RunError).code).toBe("output_validation_error");
    expect((error as RunError).details).toMatchObject({ raw: '{"city":1,"celsius":4}' });
  });

  it("parses a toolUseBehavior stop's tool output with the schema", async () => {
    const lookup = tool({
      name: "lookup",
      description: "Look the weather up",
      parameters: z.object({ city: z.string() }),
      execute: ({ city }) => ({ city, celsius: 12 }),
    });
    const model = new ScriptedModel([[functionCall("lookup", { city: "Bergen" })]]);
    const agent = new Agent({
      name: "w",
      model,
      tools: [lookup],
      output: Weather,
      toolUseBehavior: "stop_on_first_tool",
    });
    const result = await run(agent, "x");
    expect(result.status).toBe("stopped");
    expect(result.finalOutput).toEqual({ city: "Bergen", celsius: 12 });
  });

  it("rejects an invalid output definition when the agent is created", () => {
    const model = new ScriptedModel([]);
    const make = (options: Record<string, unknown>) => () =>
      new Agent({ name: "w", model, ...options } as never);
    expect(make({ output: z.object({ at: z.date() }) })).toThrow(
      /Invalid agent "w": `output` at JSON pointer "\/properties\/at": Date cannot be represented/,
    );
    expect(make({ output: z.string() })).toThrow(
      /`output` at JSON pointer "" \(the root\): must be an object/,
    );
    expect(make({ output: Weather, outputName: "has space" })).toThrow(/`outputName` to match/);
    expect(make({ output: Weather, outputRetries: -1 })).toThrow(/`outputRetries` to be an integer/);
    expect(make({ output: Weather, modelSettings: { text: { format: { type: "text" } } } })).toThrow(
      /`output` and `modelSettings.text.format` both set/,
    );
    for (const fn of [make({ output: z.date() }), make({ outputName: "x" })]) {
      try {
        fn();
        expect.unreachable();
      } catch (error) {
        expect(OpenloopError.is(error, "invalid_config")).toBe(true);
      }
    }
  });
});
