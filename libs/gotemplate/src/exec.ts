/**
 * Evaluates a parsed template against data and records the output as segments: literal
 * template text and printed values kept apart, so escape.ts can serialize every value for
 * the YAML context it lands in. Nothing is stringified here.
 */
import type { Arg, Command, Node, Pipeline } from './ast';
import { TemplateExecError } from './errors';
import { FUNCTIONS, FuncError } from './functions';
import { goTypeName, isMap, kindOf, mapGet, mapKeys, truth, unwrap } from './values';

export type Segment = { lit: string } | { val: unknown; line: number };

/** Upper bound on output segments: a guard against runaway range over huge data. */
const MAX_SEGMENTS = 1_000_000;

interface Var {
  name: string;
  value: unknown;
}

class Executor {
  readonly out: Segment[] = [];
  private readonly vars: Var[];

  constructor(
    private readonly name: string,
    root: unknown,
  ) {
    this.vars = [{ name: '$', value: root }];
  }

  fail(line: number, msg: string): never {
    throw new TemplateExecError(`template: ${this.name}:${line}: ${msg}`);
  }

  private emit(seg: Segment): void {
    if (this.out.length >= MAX_SEGMENTS) throw new TemplateExecError(`template: ${this.name}: output too large`);
    this.out.push(seg);
  }

  walk(nodes: Node[], dot: unknown): void {
    for (const node of nodes) {
      switch (node.kind) {
        case 'text':
          this.emit({ lit: node.text });
          break;
        case 'action': {
          const v = this.evalPipeline(node.pipe, dot);
          if (node.pipe.decl.length === 0) this.emit({ val: v, line: node.line });
          break;
        }
        case 'if':
        case 'with': {
          const mark = this.vars.length;
          const v = this.evalPipeline(node.pipe, dot);
          if (truth(v)) this.walk(node.list, node.kind === 'with' ? v : dot);
          else if (node.elseList) this.walk(node.elseList, dot);
          this.vars.length = mark;
          break;
        }
        case 'range':
          this.walkRange(node.line, node.pipe, node.list, node.elseList, dot);
          break;
      }
    }
  }

  private walkRange(line: number, pipe: Pipeline, list: Node[], elseList: Node[] | null, dot: unknown): void {
    const mark = this.vars.length;
    // The range pipeline's own declaration binds per iteration, not to the collection.
    const collection = unwrap(this.evalPipeline({ ...pipe, decl: [] }, dot));
    let entries: [unknown, unknown][];
    switch (kindOf(collection)) {
      case 'nil':
        entries = [];
        break;
      case 'list':
        entries = (collection as unknown[]).map((v, i) => [i, v ?? null]);
        break;
      case 'map': {
        const m = collection as Record<string, unknown>;
        entries = mapKeys(m).map((k) => [k, m[k] ?? null]);
        break;
      }
      case 'number': {
        const n = collection as number;
        if (!Number.isInteger(n) || n > MAX_SEGMENTS) this.fail(line, `range can't iterate over ${n}`);
        entries = Array.from({ length: Math.max(0, n) }, (_, i) => [i, i]);
        break;
      }
      default:
        this.fail(line, `range can't iterate over ${goTypeName(collection)}`);
    }
    if (entries.length === 0) {
      if (elseList) this.walk(elseList, dot);
      return;
    }
    for (const [k, v] of entries) {
      if (pipe.decl.length === 1) this.vars.push({ name: pipe.decl[0], value: v });
      if (pipe.decl.length === 2) this.vars.push({ name: pipe.decl[0], value: k }, { name: pipe.decl[1], value: v });
      this.walk(list, v);
      this.vars.length = mark;
    }
  }

  evalPipeline(pipe: Pipeline, dot: unknown): unknown {
    let value: unknown = undefined;
    for (let i = 0; i < pipe.cmds.length; i++) {
      value = this.evalCommand(pipe.cmds[i], dot, i > 0 ? { value } : undefined);
    }
    for (const name of pipe.decl) {
      if (pipe.isAssign) {
        for (let i = this.vars.length - 1; i >= 0; i--) {
          if (this.vars[i].name === name) {
            this.vars[i].value = value;
            break;
          }
        }
      } else {
        this.vars.push({ name, value });
      }
    }
    return value;
  }

  private evalCommand(cmd: Command, dot: unknown, final: { value: unknown } | undefined): unknown {
    const [first, ...rest] = cmd.args;
    if (first.kind !== 'function') return this.evalArg(first, dot, cmd.line);
    const spec = FUNCTIONS[first.name];
    try {
      if (spec.lazy) {
        // and/or: operands are evaluated only as far as the function asks for them.
        const thunks: (() => unknown)[] = rest.map((a) => () => this.evalArg(a, dot, cmd.line));
        if (final) thunks.push(() => final.value);
        return spec.fn(thunks);
      }
      const args: unknown[] = [];
      for (const a of rest) args.push(this.evalArg(a, dot, cmd.line));
      if (final) args.push(final.value);
      return spec.fn(args);
    } catch (e) {
      if (e instanceof FuncError) this.fail(cmd.line, `error calling ${first.name}: ${e.message}`);
      throw e;
    }
  }

  private evalArg(arg: Arg, dot: unknown, line: number): unknown {
    switch (arg.kind) {
      case 'dot':
        return dot;
      case 'nil':
        return null;
      case 'bool':
      case 'number':
      case 'string':
        return arg.value;
      case 'field':
        return this.fields(dot, arg.fields, line);
      case 'variable': {
        const v = this.lookup(arg.name, line);
        return this.fields(v, arg.fields, line);
      }
      case 'pipe':
        return this.evalPipeline(arg.pipe, dot);
      case 'chain':
        return this.fields(this.evalArg(arg.node, dot, line), arg.fields, line);
      case 'function':
        // A function used as an argument is called without arguments, as Go does.
        return this.evalCommand({ line, args: [arg] }, dot, undefined);
    }
  }

  private lookup(name: string, line: number): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i].value;
    this.fail(line, `undefined variable: ${name}`);
  }

  /** `.a.b.c`: missing keys and fields of nil give nil (Helm-like); fields of non-maps fail. */
  private fields(receiver: unknown, names: string[], line: number): unknown {
    let cur = receiver;
    for (const name of names) {
      const u = unwrap(cur);
      if (u === null || u === undefined) return null;
      if (!isMap(u)) this.fail(line, `can't evaluate field ${name} in type ${goTypeName(u)}`);
      cur = mapGet(u, name);
    }
    return cur;
  }
}

export function execute(nodes: Node[], data: unknown, name: string): Segment[] {
  const ex = new Executor(name, data);
  ex.walk(nodes, data);
  return ex.out;
}
