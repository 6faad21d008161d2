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
import {
  blockText,
  commentText,
  composeScalar,
  ContextError,
  doubleQuotedText,
  isYamlText,
  singleQuotedText,
  type Piece,
} from './print-value';
import { Indented } from './values';

const VALUE = Symbol('value');
type Peeked = string | typeof VALUE | null;

// Characters that may change the scanner state, per state (global regexps for copyUntil).
const STOP_LINE = /\n/g;
const STOP_DQ = /["\\\n]/g;
const STOP_SQ = /['\n]/g;
const STOP_RUN = /[:#\n\r,[\]{}]/;

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
        this.off += this.char(it.lit, this.off);
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
      const text = 'lit' in it ? it.lit : isYamlText(it.val) ? it.val.text : null;
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

  /**
   * Handles literal text at `lit[off]`; returns the number of characters consumed. Stretches
   * that cannot change the state (inside comments, quotes, block scalars, plain scalars) are
   * copied in one step.
   */
  private char(lit: string, off: number): number {
    const c = lit[off];
    if (c === '\n') {
      this.endLine();
      this.out += c;
      this.startLine();
      return 1;
    }
    if (this.atIndent) {
      if (c === ' ') {
        let end = off + 1;
        while (lit[end] === ' ') end++;
        this.out += lit.slice(off, end);
        this.indent += end - off;
        return end - off;
      }
      this.enterLine();
    }
    if (this.inBlockLine || this.comment) return this.copyUntil(lit, off, STOP_LINE);
    if (this.quote === '"') {
      if (!this.escapeNext && c !== '\\' && c !== '"') return this.copyUntil(lit, off, STOP_DQ);
      this.out += c;
      if (this.escapeNext) this.escapeNext = false;
      else if (c === '\\') this.escapeNext = true;
      else if (c === '"') this.quote = null;
      return 1;
    }
    if (this.quote === "'") {
      if (c !== "'") return this.copyUntil(lit, off, STOP_SQ);
      if (this.peek(1) === "'") {
        this.out += "''"; // an escaped quote
        return 2;
      }
      this.out += c;
      this.quote = null;
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
        // Up to the next character that could end the run, nothing can.
        let end = off + 1;
        while (end < lit.length && !STOP_RUN.test(lit[end])) end++;
        this.appendRun(lit.slice(off, end));
        return end - off;
      }
      this.flushRun();
    }
    return this.structural(c, lit, off);
  }

  /** Copies literal text up to (not including) the next character matching `stop`. */
  private copyUntil(lit: string, off: number, stop: RegExp): number {
    stop.lastIndex = off + 1;
    const m = stop.exec(lit);
    const end = m ? m.index : lit.length;
    this.out += lit.slice(off, end);
    return end - off;
  }

  /** A character outside any scalar: indicators, quotes, comments, or the start of a plain scalar. */
  private structural(c: string, lit: string, off: number): number {
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
    if (this.col() === 0 && /^(---|\.\.\.)/.test(lit.slice(off, off + 3)) && this.isSep(this.peek(3))) {
      // Document marker: nothing carries over into the next document.
      this.flow = 0;
      this.blockParent = this.pendingBlock = null;
      this.out += lit.slice(off, off + 3);
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
      const header = /^[|>][-+0-9]*/.exec(lit.slice(off, off + 16))![0];
      const after = this.peek(header.length);
      if (this.isSep(after) || after === '#') {
        this.pendingBlock = this.nodeCol;
        this.out += header;
        return header.length;
      }
    }
    if (c === '&' || c === '!' || c === '*') {
      // Anchor, tag or alias: a token of its own, the node (if any) follows.
      const token = /^[&!*][^\s,[\]{}]*/.exec(lit.slice(off))![0];
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
    // Without a value it is the template's text as written.
    if (run.every((p) => 'lit' in p)) this.out += run.map((p) => (p as { lit: string }).lit).join('');
    else this.out += composeScalar(run);
  }

  /** Handles a printed value; returns false when it was replaced by literal text to scan. */
  private value(it: { val: unknown; line: number }): boolean {
    const v = it.val;
    if (this.atIndent) this.enterLine();
    try {
      if (this.inBlockLine) {
        const opens = this.firstBlockLine && this.out.slice(this.lineStart).trim() === '';
        this.out += blockText(v, this.indent, opens);
      } else if (this.comment) {
        this.out += commentText(v);
      } else if (this.quote === '"') {
        this.out += doubleQuotedText(v, this.escapeNext);
      } else if (this.quote === "'") {
        this.out += singleQuotedText(v);
      } else {
        return this.structuralValue(it);
      }
      return true;
    } catch (e) {
      if (e instanceof ContextError) this.fail(it.line, e.message);
      throw e;
    }
  }

  /** A value outside quotes and comments: part of a plain scalar, or YAML text to insert. */
  private structuralValue(it: { val: unknown; line: number }): boolean {
    const v = it.val;
    if (this.run && isYamlText(v) && v.text.startsWith('\n')) this.flushRun();
    if (this.run) {
      this.run.push(it);
      return true;
    }
    if (isYamlText(v)) {
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
