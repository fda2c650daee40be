/**
 * @module emit/hosted-call — a hosted code run as the client sees it: a `code_interpreter_call`
 * item with the five events the `openai` SDK knows, or (opted in) an `openloop:code_interpreter_call`
 * item with `openloop:`-prefixed events.
 *
 * Default order (OpenAI's): `output_item.added` (status `in_progress`) →
 * `response.code_interpreter_call.in_progress` → `response.code_interpreter_call_code.delta` →
 * `response.code_interpreter_call_code.done` → `response.code_interpreter_call.interpreting` → (the
 * code runs) → `response.code_interpreter_call.completed` → `output_item.done` with the final item.
 *
 * `container_id` names where the code ran, the same in every event of the item: the runner's
 * session when it keeps one (so calls that share state share it), otherwise a container of the
 * call's own (`cntr_` + random), since that call's state lived and died with it.
 */
import type { OutputItem, ResponseWriter } from "@openloop/protocol";
import type { CodeInterpreterCallItem } from "@openloop/sandbox";
import { codeItemId, codeItemType } from "../hosted/code-interpreter.js";

interface OpenCall {
  index: number;
  id: string;
  code: string;
  container: string;
}

/** Names the container a hosted call runs in (see the module comment). */
export type ContainerNamer = (callId: string) => string;

/** Presents the hosted calls of one response. */
export class HostedCallPresenter {
  readonly #emitter: ResponseWriter;
  readonly #extensions: boolean;
  readonly #containerOf: ContainerNamer;
  readonly #open = new Map<string, OpenCall>();

  constructor(emitter: ResponseWriter, extensions: boolean, containerOf: ContainerNamer) {
    this.#emitter = emitter;
    this.#extensions = extensions;
    this.#containerOf = containerOf;
  }

  /** The call started running `code`: the item is announced, its code sent, and it is interpreting. */
  start(callId: string, code: string): void {
    if (this.#open.has(callId)) return;
    const id = codeItemId(callId);
    const container = this.#containerOf(callId);
    const index = this.#emitter.openItem({
      type: codeItemType(this.#extensions),
      id,
      status: "in_progress",
      code: "",
      container_id: container,
      outputs: null,
    });
    this.#open.set(callId, { index, id, code, container });
    const at = { item_id: id, output_index: index };
    if (this.#extensions) {
      this.#emitter.write({ type: "openloop:code_interpreter_call.interpreting", ...at, code });
      return;
    }
    this.#emitter.write({ type: "response.code_interpreter_call.in_progress", ...at });
    this.#emitter.write({ type: "response.code_interpreter_call_code.delta", ...at, delta: code });
    this.#emitter.write({ type: "response.code_interpreter_call_code.done", ...at, code });
    this.#emitter.write({ type: "response.code_interpreter_call.interpreting", ...at });
  }

  /** The call finished: `item` is the final item (from the sandbox's outcome). */
  finish(callId: string, item: CodeInterpreterCallItem): void {
    const call = this.#open.get(callId);
    if (call === undefined) return;
    this.#open.delete(callId);
    const final = {
      ...item,
      type: codeItemType(this.#extensions),
      id: call.id,
      container_id: call.container,
    } as unknown as OutputItem;
    if (!this.#extensions && item.status === "completed") {
      this.#emitter.write({
        type: "response.code_interpreter_call.completed",
        item_id: call.id,
        output_index: call.index,
      });
    }
    this.#emitter.closeItem(call.index, final);
  }

  /** The call could not run (bad arguments, an error of the runner): closed as `failed`. */
  failed(callId: string, message: string): void {
    const call = this.#open.get(callId);
    if (call === undefined) return;
    this.finish(callId, {
      type: codeItemType(this.#extensions),
      id: call.id,
      status: "failed",
      code: call.code,
      container_id: call.container,
      outputs: [{ type: "logs", logs: message }],
    });
  }

  /** The run ended with calls still running (aborted, failed): each is closed as `incomplete`. */
  abortAll(): void {
    for (const [callId, call] of this.#open) {
      this.#open.delete(callId);
      this.#emitter.closeItem(call.index, {
        type: codeItemType(this.#extensions),
        id: call.id,
        status: "incomplete",
        code: call.code,
        container_id: call.container,
        outputs: null,
      } as unknown as OutputItem);
    }
  }
}
