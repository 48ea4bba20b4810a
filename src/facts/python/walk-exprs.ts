import { type PyNode as Node } from "./tree.js";
import { findSecrets } from "../secrets.js";
import { type Pos } from "../sym.js";
import { AUDIT_RE, type CallIR } from "../ir.js";
import { dottedName, isEnviron, QUEUE_BOUND } from "./names.js";
import { collectNames, comparison, firstTainted, lengthReceiver, named, short, unwrap } from "./syntax.js";
import { BUILTINS, UNKNOWN_ROOT_METHODS, PAUSE_RE, HUMAN_INPUT_FN, HUMAN_INPUT_METHOD, SQL_RE, SQL_TRUNCATE_RE, MODEL_CALL_TEXT, CONSUME, PUSH, worthRecording } from "./walk-records.js";
import { PyEvaluator } from "./walk-eval.js";

/** Comparisons, subscripts, strings, assignments and calls: what becomes a fact, and model output tracked into conditions. */
export abstract class PyExpressions extends PyEvaluator {
  protected visitComparison(n: Node): void {
    if (!this.frame.loops.length) return;
    const cmp = comparison(n);
    if (!cmp || cmp.op === "==" || cmp.op === "!=" || cmp.op === "in" || cmp.op === "is") return;
    for (const [side, other] of [[cmp.left, cmp.right], [cmp.right, cmp.left]] as const) {
      const recv = lengthReceiver(side);
      if (!recv) continue;
      const o = unwrap(other);
      if (o.type === "integer" && Number(o.text) <= 1) continue;
      for (const loop of this.frame.loops) {
        const list = loop.sizeChecks.get(recv) ?? [];
        list.push({ at: this.at(n), sym: this.eval(other) });
        loop.sizeChecks.set(recv, list);
      }
    }
  }

  protected visitSubscript(n: Node): void {
    if (n.id === this.assignTarget) return;
    const value = n.childForFieldName("value");
    const sub = n.childForFieldName("subscript");
    if (!value || sub?.type !== "string" || !/environ$/.test(value.text)) return;
    const key = this.evalString(sub);
    if (key.k === "str" && isEnviron(this.eval(value))) this.ir.envReads.push({ name: key.v, at: this.at(n) });
  }

  protected visitString(n: Node): void {
    for (const c of named(n)) {
      if (c.type === "string_content") {
        const t = c.text;
        if (t.length < 8) continue;
        for (const s of findSecrets(t)) this.ir.secrets.push({ kind: s.kind, redacted: s.redacted, at: this.pos(c.startIndex + s.index) });
        const m = isDocstring(n) || isPromptText(n) ? null : SQL_RE.exec(t) ?? SQL_TRUNCATE_RE.exec(t);
        if (m) this.ir.sql.push({ op: `SQL ${m[1]!.replace(/\s+/g, " ").toUpperCase()}`, at: this.at(n) });
      } else if (c.type === "interpolation") this.visitAll(c);
    }
  }

  protected visitAssignment(n: Node): void {
    const left = n.childForFieldName("left");
    const right = n.childForFieldName("right");
    if (left && right) {
      const value = unwrap(right);
      if (value.type === "call") {
        const name = left.type === "identifier" ? left.text : left.type === "attribute" ? left.childForFieldName("attribute")?.text : undefined;
        if (name) this.namedCalls.set(value.id, name);
        this.noteBoundedQueue(left, value);
      }
      if (left.type === "identifier" || left.type === "pattern_list" || left.type === "tuple_pattern") this.propagateTaint(left, right);
      // `litellm.api_base = …`, `os.environ["OPENAI_BASE_URL"] = …`: settings on a library module; and
      // `client.function_invocation_configuration["max_iterations"] = 5`: a setting on an object the code built.
      if (left.type === "attribute" || left.type === "subscript") {
        let root: Node | null = left;
        while (root && (root.type === "attribute" || root.type === "subscript")) root = root.childForFieldName(root.type === "attribute" ? "object" : "value");
        const b = root?.type === "identifier" ? this.lookup(root.text) : undefined;
        if (b?.k === "import" || (b?.k === "value" && b.node.type === "call")) this.ir.assignments!.push({ target: this.eval(left), value: this.eval(right), at: this.at(n) });
      }
      this.assignTarget = left.type === "subscript" ? left.id : -1;
      this.visit(left);
      this.assignTarget = -1;
      this.visit(right);
    } else this.visitAll(n);
  }

  /** `q = asyncio.Queue(maxsize=N)`, `queue.Queue(N)`, `deque(maxlen=N)`: a queue that cannot grow past N. */
  protected noteBoundedQueue(left: Node, call: Node): void {
    const fnNode = call.childForFieldName("function");
    if (!fnNode) return;
    const callee = this.eval(fnNode);
    const spec = QUEUE_BOUND[dottedName(callee) ?? ""];
    if (!spec) return;
    const { args, kw } = this.evalArgs(call);
    const positional = kw ? args.slice(0, -1) : args;
    const p = kw?.k === "obj" ? kw.props[spec.kw] : undefined;
    const v = p?.v ?? positional[spec.pos];
    if (!v || v.k === "null" || (v.k === "num" && v.v <= 0)) return;
    this.boundedQueues.set(left.text, { at: p?.at ?? this.at(call), sym: v });
  }

  protected visitCall(n: Node): void {
    const callee = n.childForFieldName("function");
    if (!callee) return;
    const isAttr = callee.type === "attribute";
    const method = isAttr ? callee.childForFieldName("attribute")?.text ?? "" : callee.type === "identifier" ? callee.text : "";
    const recvNode = isAttr ? callee.childForFieldName("object") : null;
    let audit = AUDIT_RE.test(method);
    if (recvNode?.type === "identifier") audit = (audit || AUDIT_RE.test(recvNode.text)) && !NOT_AUDIT_RECEIVER.test(recvNode.text);
    else if (recvNode?.type === "attribute") audit ||= AUDIT_RE.test(recvNode.childForFieldName("attribute")?.text ?? "");
    if (audit) this.ir.audits.push(n.startIndex);
    if (PAUSE_RE.test(method)) this.markPause(n);
    if (this.frame.loops.length && (callee.type === "identifier" ? HUMAN_INPUT_FN.has(method) && !this.lookup(method) : HUMAN_INPUT_METHOD.test(`${recvNode?.text ?? ""}.${method}`))) {
      const at = this.at(n);
      for (const l of this.frame.loops) l.humanAt ??= at;
    }
    if (this.frame.loops.length) {
      const args = n.childForFieldName("arguments");
      const first = args ? named(args)[0] : undefined;
      const heap = method === "heappop" || method === "heappush" ? first?.text : undefined;
      const recv = heap ?? recvNode?.text;
      if (recv && (CONSUME.has(method) || method === "heappop")) for (const l of this.frame.loops) l.consumes.add(recv);
      if (recv && (PUSH.has(method) || method === "heappush")) for (const l of this.frame.loops) if (!l.pushes.has(recv)) l.pushes.set(recv, this.at(n));
    }
    if (!this.interesting(callee, method)) return;
    const calleeSym = this.eval(callee);
    const dotted = dottedName(calleeSym);
    if (dotted === "os.getenv" || dotted === "os.environ.get" || (calleeSym.k === "member" && calleeSym.name === "get" && isEnviron(calleeSym.obj))) {
      const args = n.childForFieldName("arguments");
      const first = args ? named(args)[0] : undefined;
      const name = first?.type === "string" ? this.evalString(first) : undefined;
      if (name?.k === "str") this.ir.envReads.push({ name: name.v, at: this.at(n) });
      return;
    }
    if (!worthRecording(calleeSym, method)) return;
    const { args } = this.evalArgs(n);
    const ir: CallIR = { at: this.at(n), end: n.endIndex, callee: calleeSym, args, isNew: false, text: short(callee.text) };
    if (this.frame.ir) ir.fn = this.frame.ir.id;
    const varName = this.namedCalls.get(n.id);
    if (varName !== undefined) ir.varName = varName;
    this.ir.calls.push(ir);
  }

  /** Cheap syntactic pre-filter before evaluating a callee. */
  protected interesting(callee: Node, method: string): boolean {
    if (UNKNOWN_ROOT_METHODS.has(method)) return true;
    let root: Node | null = callee;
    while (root && (root.type === "attribute" || root.type === "call" || root.type === "subscript" || root.type === "parenthesized_expression" || root.type === "await")) {
      root = root.type === "attribute" ? root.childForFieldName("object") : root.type === "call" ? root.childForFieldName("function") : root.type === "subscript" ? root.childForFieldName("value") : named(root)[0] ?? null;
    }
    if (root?.type !== "identifier") return false;
    if (this.frame.cls && root.text === this.frame.selfName) return true;
    const b = this.lookup(root.text);
    if (!b) return BUILTINS.has(root.text);
    return b.k !== "opaque";
  }

  protected markPause(n: Node): void {
    const at = this.at(n);
    this.ir.pauses!.push(n.startIndex);
    for (const l of this.frame.loops) l.pauseAt ??= at;
  }

  // ---- model output flowing into conditions ---------------------------------------------

  protected isModelCallExpr(e: Node): boolean {
    const x = unwrap(e);
    if (x.type !== "call") return false;
    const t = x.childForFieldName("function")?.text.replace(/\s+/g, "") ?? "";
    return MODEL_CALL_TEXT.test(t);
  }

  protected propagateTaint(left: Node, right: Node): void {
    let from: Pos | undefined;
    if (this.isModelCallExpr(right)) from = this.at(unwrap(right));
    else if (this.frame.tainted.size) {
      const t = firstTainted(right, this.frame.tainted);
      if (t) from = this.frame.tainted.get(t);
    }
    if (!from) return;
    const names: string[] = [];
    collectNames(left, names);
    for (const nm of names) this.frame.tainted.set(nm, from);
  }

  protected checkGuard(cond: Node, start: number, end: number): void {
    if (!this.frame.tainted.size) return;
    const t = firstTainted(cond, this.frame.tainted);
    if (!t) return;
    this.ir.guards.push({ at: this.at(cond), start, end, modelAt: this.frame.tainted.get(t)! });
  }
}

/** Receivers named like audit words that are data: `observation.get(...)` (a tool result), `traceback.print_exc()`. */
const NOT_AUDIT_RECEIVER = /^(traceback|observations?|\w*_observations?|stack_?trace)$/i;

/** Keywords, dict keys and variable names whose string is text for a model (an agent's instructions, a message), never a statement anything runs. */
const PROMPT_KEY = /^(instructions?|system_prompt|system_message|prompt|description(_override)?|handoff_description|backstory|goal|expected_output|content)$/;
const PROMPT_VAR = /prompt|instruction|system_message|backstory/i;

/**
 * A string that is (part of) a prompt: `Agent(instructions="… e.g. 'drop table users;' …")`, a message's
 * `"content"`, `SYSTEM_PROMPT = "…"`. SQL quoted in it is an example for the model, not an operation.
 */
function isPromptText(n: Node): boolean {
  let p = n.parent;
  while (p && (p.type === "concatenated_string" || p.type === "parenthesized_expression" || p.type === "binary_operator")) p = p.parent;
  if (!p) return false;
  if (p.type === "keyword_argument") return PROMPT_KEY.test(p.childForFieldName("name")?.text ?? "");
  if (p.type === "pair") {
    const key = p.childForFieldName("key");
    return key?.type === "string" && PROMPT_KEY.test(key.text.replace(/^[rbuf]*["']+|["']+$/gi, ""));
  }
  if (p.type === "assignment") {
    const left = p.childForFieldName("left");
    const name = left?.type === "identifier" ? left.text : left?.type === "attribute" ? left.childForFieldName("attribute")?.text : undefined;
    return !!name && PROMPT_VAR.test(name);
  }
  return false;
}

/** A string that is the first statement of a module, class or function: documentation, never run as SQL. */
function isDocstring(n: Node): boolean {
  const stmt = n.parent;
  if (stmt?.type !== "expression_statement" || stmt.namedChildren.length !== 1) return false;
  const body = stmt.parent;
  return (body?.type === "block" || body?.type === "module") && body.namedChildren[0]?.id === stmt.id;
}
