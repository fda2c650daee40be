/**
 * @module loop/final-output — the run's final answer: resolved (parsed and validated, with
 * `output`) when the model answers, and sent back to the model when it does not validate.
 */
import { OpenloopError, outputText, type ResponseResource } from "@openloop/protocol";
import { outputCorrection, parseOutputText } from "../output/parse-output.js";
import { appendItems, type LoopContext } from "./context.js";

/** A final answer, or `undefined` when the model was asked again. */
export type Answer = { finalOutput: unknown } | undefined;

/**
 * The final answer of a response with no call to answer. An answer that fails the `output` schema
 * (`output_validation_error`) is shown to the model with what is wrong, `outputRetries` times at
 * most per run; then the run fails with it. A refusal fails the run at once (code `refusal`).
 */
export async function answerOf(ctx: LoopContext, response: ResponseResource, turn: number): Promise<Answer> {
  const { config, data, sink } = ctx;
  let finalOutput: unknown;
  try {
    finalOutput = await ctx.agent.resolveFinalOutput(response);
  } catch (error) {
    if (!OpenloopError.is(error, "output_validation_error")) throw error;
    const used = data.outputRetries ?? 0;
    const retry = used < config.outputRetries;
    const raw = error.details?.raw;
    sink.push({
      type: "output.invalid",
      turn,
      message: error.message,
      text: typeof raw === "string" ? raw : outputText(response),
      retry,
    });
    if (!retry) throw gaveUp(error, config.outputRetries);
    data.outputRetries = used + 1;
    appendItems(ctx, [outputCorrection(error, config.output)]);
    return undefined;
  }
  if (config.output !== undefined) sink.push({ type: "output.completed", turn, value: finalOutput });
  return { finalOutput };
}

/**
 * The final output of a run `stopWhen` ended: the last response's answer. With `output`, a response
 * that holds no valid answer (typically a turn of tool calls) gives `undefined` rather than failing
 * a run the user chose to stop.
 */
export async function stoppedOutput(ctx: LoopContext, response: ResponseResource): Promise<unknown> {
  try {
    const finalOutput = await ctx.agent.resolveFinalOutput(response);
    if (ctx.config.output !== undefined)
      ctx.sink.push({ type: "output.completed", turn: ctx.data.turns, value: finalOutput });
    return finalOutput;
  } catch (error) {
    if (ctx.config.output !== undefined && OpenloopError.is(error, "output_validation_error"))
      return undefined;
    throw error;
  }
}

/**
 * The final output of a run `toolUseBehavior` ended: the tool's output, parsed by the `output`
 * schema when there is one (so `finalOutput` keeps its type). No retry: the model wrote none of it.
 */
export async function toolStopOutput(ctx: LoopContext, text: string): Promise<unknown> {
  const output = ctx.config.output;
  if (output === undefined) return text;
  const value = await parseOutputText(output, text);
  ctx.sink.push({ type: "output.completed", turn: ctx.data.turns, value });
  return value;
}

/**
 * The error of a completed response that holds no answer at all: an empty output, or reasoning
 * only (no message, no tool call, no hosted tool item). Reporting it as a final answer of `""`
 * would hide a broken reply; asking again would replay a trailing reasoning item, which stateless
 * servers reject. `undefined` for any other response.
 */
export function emptyResponseError(response: ResponseResource, turn: number): OpenloopError | undefined {
  const output = response.output;
  for (const item of output) if (item.type !== "reasoning") return undefined;
  const what = output.length === 0 ? "its output is empty" : "it holds only reasoning";
  return new OpenloopError(
    "empty_response",
    `The model's response in turn ${turn} holds no answer: ${what} (no message, no tool call).`,
    { details: { responseId: response.id, items: output.length } },
  );
}

function gaveUp(error: OpenloopError, retries: number): OpenloopError {
  if (retries === 0) return error;
  return new OpenloopError(
    "output_validation_error",
    `${error.message}\n(The model was asked again ${retries} ${retries === 1 ? "time" : "times"}.)`,
    { details: { ...error.details, retries }, cause: error },
  );
}
