/**
 * Turns execution segments into text, serializing every printed value for the YAML context
 * it lands in (BUNDLES.md §5 "Escaping", §15.2 item 3). A small YAML context scanner runs
 * over the output: literal template text drives the state (quotes, flow brackets, comments,
 * block scalars), printed values never do. Per context:
 *  - plain scalar position: the whole scalar (literal text plus values, up to `: `, ` #` or
 *    end of line) is serialized once — plain when safe, double-quoted otherwise; a value that
 *    is the whole scalar and not a string prints as Go prints it (`true`, `5`), nil as nothing;
 *  - inside "…": escaped for double quotes; inside '…': `''`, or an error if impossible;
 *  - comment: escaped so it cannot end the comment line;
 *  - block scalar content (`|`, `>`): line breaks re-indented to the current line;
 *  - structural position: `toYaml`/`quote` output (serializer text) is inserted as YAML.
 */
import { TemplateExecError } from './errors';
import type { Segment } from './exec';
import { Indented, QuotedScalar, YamlBlock, formatGoNumber, goText, kindOf, unwrap } from './values';
import { escapeDoubleQuoted, escapeSingleQuoted, stringScalar } from './yaml-scalar';

type Piece = { lit: string } | { val: unknown; line: number };
const VALUE = Symbol('value');
type Peeked = string | typeof VALUE | null;

/** Characters a block scalar line cannot hold raw (line breaks other than \n, controls). */
const BLOCK_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;

/** Text of a value printed inside a larger scalar, quotes, a comment or a block scalar. */
function printText(v: unknown): string {
  const u = unwrap(v);
  return u === null || u === undefined ? '' : goText(u);
}

/** A value that is a whole plain scalar: Go's printing for non-strings, serializer for strings. */
function printAlone(v: unknown): string {
  const u = unwrap(v);
  switch (kindOf(u)) {
    case 'nil':
      return ''; // Helm: missing values print as nothing (a YAML null)
    case 'bool':
      return u ? 'true' : 'false';
    case 'number':
      return formatGoNumber(u as number);
    default:
      return stringScalar(goText(u));
  }
}

function isMarker(v: unknown): v is YamlBlock | QuotedScalar {
  return v instanceof YamlBlock || v instanceof QuotedScalar;
}

class Printer {
  private out = '';
  private items: Piece[];
  private idx = 0;
  private off = 0;
  // YAML context state
  private quote: '"' | "'" | null = null;
  private escapeNext = false;
  private flow = 0;
  private comment = false;
  private lineStart = 0;
  private atIndent = true;
  private indent = 0;
  private blockParent: number | null = null;
  private pendingBlock: number | null = null;
  private inBlockLine = false;
  /** The current block scalar line is its first content line (it fixes the indentation). */
  private firstBlockLine = false;
  private blockContentSeen = false;
  private nodeCol = -1;
  private run: Piece[] | null = null;

  constructor(
    segments: Segment[],
    private readonly name: string,
  ) {
    this.items = [];
    for (const s of segments) {
      if ('val' in s && s.val instanceof Indented) {
        // nindent's padding is template structure; the value stays a value.
        this.items.push({ lit: s.val.lead }, { val: s.val.inner, line: s.line });
      } else {
        this.items.push(s);
      }
    }
  }

  private fail(line: number, msg: string): never {
    throw new TemplateExecError(`template: ${this.name}:${line}: ${msg}`);
  }

  render(): string {
    while (this.idx < this.items.length) {
      const it = this.items[this.idx];
      if ('lit' in it) {
        if (this.off >= it.lit.length) {
          this.idx++;
          this.off = 0;
          continue;
        }
        this.off += this.char(it.lit[this.off], it.lit.slice(this.off));
      } else if (this.value(it)) {
        this.idx++;
        this.off = 0;
      }
    }
    this.flushRun();
    return this.out;
  }

  /** The character `k` positions after the current one; VALUE for a raw printed value. */
  private peek(k: number): Peeked {
    let i = this.idx;
    let pos = this.off + k;
    while (i < this.items.length) {
      const it = this.items[i];
      const text = 'lit' in it ? it.lit : isMarker(it.val) ? it.val.text : null;
      if (text === null) return VALUE;
      if (pos < text.length) return text[pos];
      pos -= text.length;
      i++;
    }
    return null;
  }

  private isSep(c: Peeked): boolean {
    return c === null || c === ' ' || c === '\t' || c === '\n' || c === '\r' || (this.flow > 0 && typeof c === 'string' && ',[]{}'.includes(c));
  }

  private col(): number {
    return this.out.length - this.lineStart;
  }

  private startLine(): void {
    this.lineStart = this.out.length;
    this.atIndent = true;
    this.indent = 0;
    this.inBlockLine = false;
    this.nodeCol = -1;
    this.comment = false;
  }

  /** First non-space item of a line: block scalar content continues while more indented. */
  private enterLine(): void {
    this.atIndent = false;
    if (this.blockParent !== null) {
      if (this.indent > this.blockParent) {
        this.inBlockLine = true;
        this.firstBlockLine = !this.blockContentSeen;
        this.blockContentSeen = true;
      } else {
        this.blockParent = null;
      }
    }
  }

  private endLine(): void {
    this.flushRun();
    if (this.pendingBlock !== null) {
      this.blockParent = this.pendingBlock;
      this.pendingBlock = null;
      this.blockContentSeen = false;
    }
  }

  /** Handles one literal character (with `rest` = the literal from here); returns chars consumed. */
  private char(c: string, rest: string): number {
    if (c === '\n') {
      this.endLine();
      this.out += c;
      this.startLine();
      return 1;
    }
    if (this.atIndent) {
      if (c === ' ') {
        this.out += c;
        this.indent++;
        return 1;
      }
      this.enterLine();
    }
    if (this.inBlockLine || this.comment) {
      this.out += c;
      return 1;
    }
    if (this.quote === '"') {
      this.out += c;
      if (this.escapeNext) this.escapeNext = false;
      else if (c === '\\') this.escapeNext = true;
      else if (c === '"') this.quote = null;
      return 1;
    }
    if (this.quote === "'") {
      this.out += c;
      if (c === "'") {
        if (this.peek(1) === "'") {
          this.out += "'";
          return 2;
        }
        this.quote = null;
      }
      return 1;
    }
    if (c === '\r' && this.peek(1) === '\n') {
      this.flushRun();
      this.out += c;
      return 1;
    }
    if (this.run) {
      const last = this.run[this.run.length - 1];
      const afterSpace = 'lit' in last && /[ \t]$/.test(last.lit);
      const endsRun =
        (c === ':' && this.isSep(this.peek(1))) || (c === '#' && afterSpace) || (this.flow > 0 && ',[]{}'.includes(c));
      if (!endsRun) {
        this.appendRun(c);
        return 1;
      }
      this.flushRun();
    }
    return this.structural(c, rest);
  }

  /** A character outside any scalar: indicators, quotes, comments, or the start of a plain scalar. */
  private structural(c: string, rest: string): number {
    if (c === ' ' || c === '\t' || c === ',') {
      this.out += c;
      return 1;
    }
    if (c === '#') {
      this.comment = true;
      this.out += c;
      return 1;
    }
    if (c === '"' || c === "'") {
      this.nodeCol = this.col();
      this.quote = c;
      this.escapeNext = false;
      this.out += c;
      return 1;
    }
    if ((c === '-' || c === '?' || c === ':') && this.isSep(this.peek(1))) {
      if (c !== ':') this.nodeCol = this.col();
      this.out += c;
      return 1;
    }
    if (this.col() === 0 && /^(---|\.\.\.)/.test(rest) && this.isSep(this.peek(3))) {
      // Document marker: nothing carries over into the next document.
      this.flow = 0;
      this.blockParent = this.pendingBlock = null;
      this.out += rest.slice(0, 3);
      return 3;
    }
    if (c === '[' || c === '{') {
      this.flow++;
      this.out += c;
      return 1;
    }
    if (c === ']' || c === '}') {
      this.flow = Math.max(0, this.flow - 1);
      this.out += c;
      return 1;
    }
    if (c === '|' || c === '>') {
      const header = /^[|>][-+0-9]*/.exec(rest)![0];
      const after = this.peek(header.length);
      if (this.isSep(after) || after === '#') {
        this.pendingBlock = this.nodeCol;
        this.out += header;
        return header.length;
      }
    }
    if (c === '&' || c === '!' || c === '*') {
      // Anchor, tag or alias: a token of its own, the node (if any) follows.
      const token = /^[&!*][^\s,[\]{}]*/.exec(rest)![0];
      this.out += token;
      return token.length;
    }
    this.run = [];
    this.nodeCol = this.col();
    this.appendRun(c);
    return 1;
  }

  private appendRun(c: string): void {
    const last = this.run![this.run!.length - 1];
    if (last && 'lit' in last) last.lit += c;
    else this.run!.push({ lit: c });
  }

  /** Serializes the pending plain scalar once, as a whole. */
  private flushRun(): void {
    const run = this.run;
    if (!run) return;
    this.run = null;
    let trailing = '';
    const last = run[run.length - 1];
    if ('lit' in last) {
      trailing = /[ \t]*$/.exec(last.lit)![0];
      last.lit = last.lit.slice(0, last.lit.length - trailing.length);
    }
    const vals = run.filter((p) => 'val' in p);
    if (vals.length === 0) {
      this.out += run.map((p) => ('lit' in p ? p.lit : '')).join('') + trailing;
      return;
    }
    const parts = run.filter((p) => !('lit' in p) || p.lit.length > 0);
    if (parts.length === 1 && 'val' in parts[0]) {
      this.out += printAlone(parts[0].val) + trailing;
      return;
    }
    const text = parts.map((p) => ('lit' in p ? p.lit : printText(p.val))).join('');
    this.out += stringScalar(text) + trailing;
  }

  /** Handles a printed value; returns false when it was replaced by literal text to scan. */
  private value(it: { val: unknown; line: number }): boolean {
    const v = it.val;
    if (this.atIndent) this.enterLine();
    if (this.inBlockLine) {
      const text = printText(v);
      if (BLOCK_UNSAFE.test(text) || text.includes('\r')) this.fail(it.line, 'value contains control or line-separator characters and cannot be printed inside a block scalar');
      // Leading spaces at the start of the first content line would become the block's
      // indentation, and the value's next lines would then fall outside the block.
      if (this.firstBlockLine && text.startsWith(' ') && this.out.slice(this.lineStart).trim() === '') {
        this.fail(it.line, 'value starting with spaces cannot open a block scalar');
      }
      this.out += text.replace(/\n/g, '\n' + ' '.repeat(this.indent));
      return true;
    }
    if (this.comment) {
      this.out += escapeDoubleQuoted(printText(v));
      return true;
    }
    if (this.quote === '"') {
      this.out += escapeDoubleQuoted(printText(v));
      this.escapeNext = false;
      return true;
    }
    if (this.quote === "'") {
      const text = escapeSingleQuoted(printText(v));
      if (text === null) this.fail(it.line, 'value contains line breaks or control characters and cannot be printed inside a single-quoted scalar');
      this.out += text;
      return true;
    }
    if (this.run && isMarker(v) && v.text.startsWith('\n')) this.flushRun();
    if (this.run) {
      this.run.push(it);
      return true;
    }
    if (isMarker(v)) {
      // Serializer output at a structural position is YAML: scan it as literal text.
      const before = this.out.slice(this.lineStart);
      if (v.text.includes('\n') && !v.text.startsWith('\n') && before.trim().length > 0) {
        this.fail(it.line, 'multi-line toYaml output printed after other text on its line (use nindent)');
      }
      this.items[this.idx] = { lit: v.text };
      this.off = 0;
      return false;
    }
    this.run = [it];
    this.nodeCol = this.col();
    return true;
  }
}

export function renderSegments(segments: Segment[], name: string): string {
  return new Printer(segments, name).render();
}
