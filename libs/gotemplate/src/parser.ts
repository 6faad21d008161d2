/**
 * Recursive-descent parser over the lexer's tokens. Everything a catalog author can get
 * wrong is reported here as TemplateParseError (unknown function, wrong argument count,
 * undefined variable, unbalanced if/range/with/end, unsupported actions), so execution errors
 * can only come from data.
 */
import type { Arg, Command, Node, Pipeline } from './ast';
import { TemplateParseError } from './errors';
import { FUNCTIONS } from './functions';
import { lex, type Token } from './lexer';

const UNSUPPORTED = new Set(['define', 'template', 'block', 'break', 'continue']);

type Terminator = { kind: 'end' | 'else' | 'eof'; line: number; elseChain?: 'if' | 'with' };

class Parser {
  private pos = 0;
  /** Variables in scope, innermost last; `$` is always defined. */
  private vars: string[] = ['$'];

  constructor(
    private readonly tokens: Token[],
    private readonly name: string,
  ) {}

  private fail(line: number, msg: string): never {
    throw new TemplateParseError(`template: ${this.name}:${line}: ${msg}`);
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    return this.tokens[this.pos++];
  }

  private expect(type: Token['type'], context: string): Token {
    const t = this.next();
    if (t.type !== type) this.fail(t.line, `unexpected ${describe(t)} in ${context}`);
    return t;
  }

  parseTemplate(): Node[] {
    const { nodes, term } = this.parseList();
    if (term.kind !== 'eof') this.fail(term.line, `unexpected {{${term.kind}}}`);
    return nodes;
  }

  /** Nodes up to {{end}}, {{else}} or the end of input; the terminator is consumed. */
  private parseList(): { nodes: Node[]; term: Terminator } {
    const nodes: Node[] = [];
    for (;;) {
      const t = this.next();
      if (t.type === 'eof') return { nodes, term: { kind: 'eof', line: t.line } };
      if (t.type === 'text') {
        nodes.push({ kind: 'text', text: t.value });
        continue;
      }
      // t is 'open'
      const head = this.peek();
      if (head.type === 'ident' && (head.value === 'end' || head.value === 'else')) {
        this.next();
        if (head.value === 'end') {
          this.expect('close', 'end');
          return { nodes, term: { kind: 'end', line: head.line } };
        }
        const after = this.peek();
        if (after.type === 'ident' && (after.value === 'if' || after.value === 'with')) {
          this.next();
          return { nodes, term: { kind: 'else', line: head.line, elseChain: after.value } };
        }
        this.expect('close', 'else');
        return { nodes, term: { kind: 'else', line: head.line } };
      }
      if (head.type === 'ident' && (head.value === 'if' || head.value === 'with' || head.value === 'range')) {
        this.next();
        nodes.push(this.parseControl(head.value, head.line));
        continue;
      }
      if (head.type === 'ident' && UNSUPPORTED.has(head.value)) {
        this.fail(head.line, `{{${head.value}}} is not supported`);
      }
      const pipe = this.parsePipeline('command', true);
      this.expect('close', 'command');
      nodes.push({ kind: 'action', line: head.line, pipe });
    }
  }

  /** After `if`/`with`/`range` (or `else if`/`else with`): pipeline, body, optional else, end. */
  private parseControl(kind: 'if' | 'with' | 'range', line: number): Node {
    const mark = this.vars.length;
    const pipe = this.parsePipeline(kind, kind === 'range' ? 'range' : true);
    this.expect('close', kind);
    const body = this.parseList();
    let elseList: Node[] | null = null;
    if (body.term.kind === 'else') {
      if (body.term.elseChain) {
        // `else if` / `else with` is an else branch holding one nested control, ended by the
        // same {{end}}.
        if (kind === 'range' && body.term.elseChain) this.fail(body.term.line, `unexpected else ${body.term.elseChain} in range`);
        elseList = [this.parseControl(body.term.elseChain, body.term.line)];
      } else {
        const rest = this.parseList();
        if (rest.term.kind !== 'end') this.fail(rest.term.line, `unexpected ${rest.term.kind === 'eof' ? 'EOF' : '{{else}}'} in ${kind}`);
        elseList = rest.nodes;
      }
    } else if (body.term.kind !== 'end') {
      this.fail(body.term.line, `unexpected EOF: {{${kind}}} at line ${line} has no {{end}}`);
    }
    this.vars.length = mark;
    return { kind, line, pipe, list: body.nodes, elseList };
  }

  /** [decl :=|=] command { | command }. `decls` says whether a declaration may start it. */
  private parsePipeline(context: string, decls: boolean | 'range'): Pipeline {
    const line = this.peek().line;
    const decl: string[] = [];
    let isAssign = false;
    if (decls && this.peek().type === 'variable' && (this.peek().fields ?? []).length === 0) {
      const save = this.pos;
      const names = [this.next().value];
      if (decls === 'range' && this.peek().type === 'comma') {
        this.next();
        const second = this.next();
        if (second.type !== 'variable' || second.fields!.length > 0) this.fail(second.line, 'range can only initialize variables');
        names.push(second.value);
      }
      const op = this.peek();
      if (op.type === 'declare' || (op.type === 'assign' && names.length === 1)) {
        this.next();
        isAssign = op.type === 'assign';
        decl.push(...names);
      } else if (names.length > 1) {
        this.fail(op.line, 'range variables must be followed by :=');
      } else {
        this.pos = save;
      }
    }
    const cmds: Command[] = [];
    for (;;) {
      cmds.push(this.parseCommand(context));
      if (this.peek().type !== 'pipe') break;
      this.next();
    }
    // Declared after the pipeline is parsed: `$x := $x` refers to the outer $x.
    for (const v of decl) {
      if (isAssign) {
        if (!this.vars.includes(v)) this.fail(line, `undefined variable: ${v}`);
      } else {
        this.vars.push(v);
      }
    }
    for (let i = 0; i < cmds.length; i++) this.checkCall(cmds[i], i > 0);
    return { line, decl, isAssign, cmds };
  }

  private parseCommand(context: string): Command {
    const line = this.peek().line;
    const args: Arg[] = [];
    for (;;) {
      const t = this.peek();
      if (t.type === 'close' || t.type === 'pipe' || t.type === 'rparen' || t.type === 'eof') break;
      if (args.length > 0 && !t.spaced) this.fail(t.line, `missing space before ${describe(t)}`);
      args.push(this.parseOperand());
    }
    if (args.length === 0) this.fail(line, `missing value for ${context}`);
    return { line, args };
  }

  private parseOperand(): Arg {
    let arg = this.parseTerm();
    const t = this.peek();
    if (t.type === 'field' && !t.spaced) {
      this.next();
      if (arg.kind === 'field' || arg.kind === 'variable') arg = { ...arg, fields: [...arg.fields, ...t.fields!] };
      else arg = { kind: 'chain', node: arg, fields: t.fields! };
    }
    return arg;
  }

  private parseTerm(): Arg {
    const t = this.next();
    switch (t.type) {
      case 'field':
        return { kind: 'field', fields: t.fields! };
      case 'variable':
        if (!this.vars.includes(t.value)) this.fail(t.line, `undefined variable "${t.value}"`);
        return { kind: 'variable', name: t.value, fields: t.fields! };
      case 'dot':
        return { kind: 'dot' };
      case 'string':
        return { kind: 'string', value: t.value };
      case 'number':
        return { kind: 'number', value: t.num!, text: t.value };
      case 'lparen': {
        const pipe = this.parsePipeline('parenthesized pipeline', false);
        this.expect('rparen', 'parenthesized pipeline');
        return { kind: 'pipe', pipe };
      }
      case 'ident':
        if (t.value === 'true' || t.value === 'false') return { kind: 'bool', value: t.value === 'true' };
        if (t.value === 'nil') return { kind: 'nil' };
        if (!Object.prototype.hasOwnProperty.call(FUNCTIONS, t.value)) this.fail(t.line, `function "${t.value}" not defined`);
        return { kind: 'function', name: t.value };
      default:
        this.fail(t.line, `unexpected ${describe(t)} in operand`);
    }
  }

  /** Static checks Go does at parse or first call: nil as command, argument counts. */
  private checkCall(cmd: Command, piped: boolean): void {
    const first = cmd.args[0];
    if (first.kind === 'nil' && cmd.args.length === 1 && !piped) this.fail(cmd.line, 'nil is not a command');
    if (first.kind !== 'function') {
      if (cmd.args.length > 1 || piped) this.fail(cmd.line, "can't give argument to non-function");
      return;
    }
    for (const a of cmd.args.slice(1)) {
      // A function name as an operand is a call without arguments (Go semantics).
      if (a.kind === 'function' && FUNCTIONS[a.name].minArgs > 0) {
        this.fail(cmd.line, `wrong number of args for ${a.name}: want at least ${FUNCTIONS[a.name].minArgs} got 0`);
      }
    }
    const spec = FUNCTIONS[first.name];
    const n = cmd.args.length - 1 + (piped ? 1 : 0);
    if (n < spec.minArgs || n > spec.maxArgs) {
      const want = spec.maxArgs === Infinity ? `at least ${spec.minArgs}` : spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : `${spec.minArgs}..${spec.maxArgs}`;
      this.fail(cmd.line, `wrong number of args for ${first.name}: want ${want} got ${n}`);
    }
  }
}

function describe(t: Token): string {
  if (t.type === 'eof') return 'EOF';
  if (t.type === 'close') return '"}}"';
  return `${t.type} ${JSON.stringify(t.value)}`;
}

export function parse(text: string, name: string): Node[] {
  return new Parser(lex(text, name), name).parseTemplate();
}
