/**
 * @module run/translate-input — the client's input items as the model must see them.
 *
 * A client sees hosted tool calls as `code_interpreter_call` items and compacted history as
 * `compaction` items; replayed as input (stateless clients send the whole conversation back), they
 * become again what the model made and read: the function call and its output, and the summary.
 * `item_reference`s are resolved against the conversation the request continues.
 */
import { type ItemParam, OpenloopError } from "@openloop/protocol";
import { compactionMessage, decodeCompaction } from "../compact/codec.js";
import { codeItemToModelItems } from "../hosted/code-interpreter.js";

/** Item types a client may send for a hosted code run. */
const CODE_ITEM_TYPES: ReadonlySet<string> = new Set([
  "code_interpreter_call",
  "openloop:code_interpreter_call",
]);

/**
 * The model's view of `input` (a string is one user message).
 *
 * @param context The earlier conversation, for `item_reference`s.
 * @param codeTool The hosted code runner's function name (what the model called).
 * @throws {OpenloopError} `invalid_request` naming the item (`input[3]`) that cannot be translated.
 */
export function translateInput(
  input: string | readonly ItemParam[] | null | undefined,
  context: readonly ItemParam[],
  codeTool: string,
): ItemParam[] {
  if (input === undefined || input === null) return [];
  if (typeof input === "string") return [{ type: "message", role: "user", content: input }];
  const out: ItemParam[] = [];
  for (let i = 0; i < input.length; i++) {
    const item = input[i]! as Record<string, unknown> & ItemParam;
    const type = item.type ?? "item_reference";
    if (CODE_ITEM_TYPES.has(type as string)) {
      const items = codeItemToModelItems(item, codeTool);
      if (items === undefined) {
        throw new OpenloopError(
          "invalid_request",
          `input[${i}]: a ${type} item needs a string \`id\` and \`code\`.`,
          {
            param: `input[${i}]`,
          },
        );
      }
      out.push(...items);
    } else if (type === "compaction") {
      out.push(compactionMessage(decodeCompaction(item.encrypted_content, `input[${i}].encrypted_content`)));
    } else if (type === "item_reference") {
      out.push(resolveReference(item.id, context, out, i));
    } else {
      out.push(item);
    }
  }
  return out;
}

function resolveReference(
  id: unknown,
  context: readonly ItemParam[],
  earlier: readonly ItemParam[],
  index: number,
): ItemParam {
  for (const list of [earlier, context]) {
    for (let j = list.length - 1; j >= 0; j--) {
      const candidate = list[j]! as { id?: unknown };
      if (candidate.id === id) return list[j]!;
    }
  }
  throw new OpenloopError(
    "invalid_request",
    `input[${index}]: no item with id '${String(id)}' in this conversation (item references resolve against previous_response_id).`,
    { param: `input[${index}].id` },
  );
}
