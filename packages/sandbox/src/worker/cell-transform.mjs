// @ts-check
/**
 * @module worker/cell-transform — turns a cell of REPL-style JavaScript into a script the
 * isolate can run: top-level `await` allowed, the last expression's value returned, and top-level
 * declarations made re-declarable across cells of a session (notebook semantics).
 *
 * It runs in the worker process, never in the host's: parsing hostile code is a hazard of its own
 * (deeply nested template literals make V8 abort the process inside acorn with a fatal
 * "RegExpCompiler Allocation failed"), and a worker is there to be lost.
 *
 * How (the same technique as Node's REPL, with acorn as the parser): the cell becomes the body of
 * an async arrow function; the script evaluates to that function, `(async () => { … })`, and the
 * sandbox calls it and awaits its promise.
 * - `const`/`let`/`var` at the top level become assignments to names declared with `var` outside
 *   the function (so they land on the global object and survive into the next cell, and
 *   re-declaring them later is not an error). `var`s nested in blocks and loop heads are hoisted
 *   the same way, as JavaScript does.
 * - `class A {}` becomes `A = class A {}`; function declarations stay in place (keeping hoisting
 *   within the cell) and are also copied onto the global object at the start of the cell.
 * - A trailing expression statement becomes `return (expr)`: its value is the cell's result.
 * Everything is edited in place; the wrapper's head is one extra first line, which the sandbox
 * compiles with a line offset of -1, so line numbers in stack traces are the user's own.
 */
import { parse } from "acorn";

/**
 * @typedef {import("acorn").Node} Node
 * @typedef {import("acorn").Pattern} Pattern
 * @typedef {import("acorn").Statement} Statement
 * @typedef {import("acorn").VariableDeclaration} VariableDeclaration
 * @typedef {{ start: number, end: number, text: string }} Edit
 * @typedef {import("./cell-transform.d.mts").CellTransform} CellTransform
 */

/**
 * Transforms `source`; never throws (a parse failure is returned as `ok: false`).
 * @param {string} source
 * @returns {CellTransform}
 */
export function transformCell(source) {
  let program;
  try {
    program = parse(source, {
      ecmaVersion: "latest",
      sourceType: "script",
      allowAwaitOutsideFunction: true,
      allowHashBang: true,
    });
  } catch (err) {
    return { ok: false, error: { name: "SyntaxError", message: errorMessage(err) } };
  }
  /** @type {Edit[]} */
  const edits = [];
  /** @type {Set<string>} */
  const declared = new Set();
  /** @type {string[]} */
  const functions = [];
  const body = /** @type {Statement[]} */ (program.body);

  for (const [i, statement] of body.entries()) {
    const isLast = i === body.length - 1;
    switch (statement.type) {
      case "VariableDeclaration":
        if (isPlainDeclaration(statement)) {
          declarationToAssignment(statement, declared, edits);
        }
        break;
      case "FunctionDeclaration":
        declared.add(statement.id.name);
        functions.push(statement.id.name);
        break;
      case "ClassDeclaration":
        if (statement.id) {
          declared.add(statement.id.name);
          edits.push({ start: statement.start, end: statement.start, text: `${statement.id.name} = ` });
          edits.push({ start: statement.end, end: statement.end, text: ";" });
        }
        break;
      case "ExpressionStatement":
        if (isLast) {
          // The statement's own text stays whole (the expression's range excludes its parentheses).
          edits.push({ start: statement.start, end: statement.start, text: "return (" });
          const semicolon = source[statement.end - 1] === ";";
          edits.push({ start: statement.end - (semicolon ? 1 : 0), end: statement.end, text: ");" });
        }
        break;
      default:
        hoistNestedVars(statement, declared, edits);
    }
  }

  // A hashbang is only legal at the very start of a script, which the wrapper is not.
  if (source.startsWith("#!")) edits.push({ start: 0, end: 2, text: "//" });

  const names = [...declared];
  const hoisted = names.length > 0 ? `var ${names.join(", ")}; ` : "";
  const prologue = functions.map((name) => `this.${name} = ${name}; `).join("");
  const directiveEnd = directivePrologueEnd(body);
  const text = applyEdits(source, edits);
  // Functions are copied to the global object after any "use strict" directive, keeping it first.
  // The wrapper's head takes a line of its own (compiled with a line offset of -1, so the user's
  // line 1 is line 1 in stack traces); the function copies go on it unless a directive must
  // come first in the body.
  const code =
    directiveEnd === 0
      ? `${hoisted}(async () => {${prologue}\n${text}\n})`
      : `${hoisted}(async () => {\n${spliceAt(text, directiveEnd + editsBefore(edits, directiveEnd), prologue)}\n})`;
  return { ok: true, code, declared: names };
}

/**
 * `var`/`let`/`const` (not `using`, which keeps its own disposal semantics).
 * @param {VariableDeclaration} node
 */
function isPlainDeclaration(node) {
  return node.kind === "var" || node.kind === "let" || node.kind === "const";
}

/**
 * `const a = 1, {b} = o;` → `void (a = 1, {b} = o);`, recording `a` and `b`. The keyword and the
 * space after it become `void (` (the same 6 characters for `const`), and the declarators stay
 * where they are, so positions in the line barely move. `let x` gets ` = undefined`; a `var x`
 * without initializer stays a harmless read of the hoisted name.
 * @param {VariableDeclaration} node @param {Set<string>} declared @param {Edit[]} edits
 */
function declarationToAssignment(node, declared, edits) {
  const first = node.declarations[0];
  const last = node.declarations[node.declarations.length - 1];
  for (const d of node.declarations) {
    collectNames(d.id, declared);
    if (!d.init && node.kind !== "var") edits.push({ start: d.id.end, end: d.id.end, text: " = undefined" });
  }
  edits.push({ start: node.start, end: first.start, text: "void (" });
  edits.push({ start: last.end, end: last.end, text: ")" });
}

/**
 * Finds `var` declarations below a top-level statement (not inside functions) and hoists them.
 * @param {Node} node @param {Set<string>} declared @param {Edit[]} edits
 */
function hoistNestedVars(node, declared, edits) {
  /** @param {Node | null | undefined} n @param {boolean} inLoopHead @returns {void} */
  const visit = (n, inLoopHead) => {
    if (!n) return;
    const s = /** @type {any} */ (n);
    switch (s.type) {
      case "VariableDeclaration":
        if (s.kind !== "var") return;
        if (inLoopHead) {
          // `for (var i = 0; …)` → `for (i = 0; …)`: the declarators are valid expressions/patterns.
          for (const d of s.declarations) collectNames(d.id, declared);
          edits.push({ start: s.start, end: s.declarations[0].start, text: "" });
        } else {
          declarationToAssignment(s, declared, edits);
        }
        return;
      case "BlockStatement":
        for (const c of s.body) visit(c, false);
        return;
      case "IfStatement":
        visit(s.consequent, false);
        visit(s.alternate, false);
        return;
      case "ForStatement":
        visit(s.init, true);
        visit(s.body, false);
        return;
      case "ForInStatement":
      case "ForOfStatement":
        visit(s.left, true);
        visit(s.body, false);
        return;
      case "WhileStatement":
      case "DoWhileStatement":
      case "LabeledStatement":
      case "WithStatement":
        visit(s.body, false);
        return;
      case "TryStatement":
        visit(s.block, false);
        visit(s.handler?.body, false);
        visit(s.finalizer, false);
        return;
      case "SwitchStatement":
        for (const c of s.cases) for (const st of c.consequent) visit(st, false);
        return;
      default:
        return;
    }
  };
  visit(node, false);
}

/**
 * Adds every identifier bound by a declaration pattern.
 * @param {Pattern} pattern @param {Set<string>} out @returns {void}
 */
function collectNames(pattern, out) {
  switch (pattern.type) {
    case "Identifier":
      out.add(pattern.name);
      return;
    case "ObjectPattern":
      for (const p of pattern.properties) {
        collectNames(p.type === "RestElement" ? p.argument : /** @type {Pattern} */ (p.value), out);
      }
      return;
    case "ArrayPattern":
      for (const e of pattern.elements) if (e) collectNames(e, out);
      return;
    case "RestElement":
      collectNames(pattern.argument, out);
      return;
    case "AssignmentPattern":
      collectNames(pattern.left, out);
      return;
    default:
      return;
  }
}

/**
 * Source offset just past the leading directives (`"use strict";`), or 0.
 * @param {Statement[]} body
 */
function directivePrologueEnd(body) {
  let end = 0;
  for (const s of body) {
    if (s.type === "ExpressionStatement" && typeof s.directive === "string" && s !== body[body.length - 1]) {
      end = s.end;
    } else break;
  }
  return end;
}

/**
 * How much the edits before `offset` lengthened the text (to map a source offset into it).
 * @param {Edit[]} edits @param {number} offset
 */
function editsBefore(edits, offset) {
  let delta = 0;
  for (const e of edits) if (e.end <= offset) delta += e.text.length - (e.end - e.start);
  return delta;
}

/** @param {string} text @param {number} at @param {string} insert */
function spliceAt(text, at, insert) {
  return text.slice(0, at) + insert + text.slice(at);
}

/** @param {string} source @param {Edit[]} edits */
function applyEdits(source, edits) {
  if (edits.length === 0) return source;
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  /** @type {string[]} */
  const parts = [];
  let at = 0;
  for (const e of edits) {
    parts.push(source.slice(at, e.start), e.text);
    at = e.end;
  }
  parts.push(source.slice(at));
  return parts.join("");
}

/** @param {unknown} err */
function errorMessage(err) {
  return err instanceof Error ? err.message : String(err);
}
