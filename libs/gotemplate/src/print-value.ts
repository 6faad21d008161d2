/**
 * How one printed value is written in each YAML context the scanner (escape.ts) reports.
 * Every function returns YAML-safe text for its context or throws ContextError, which the
 * scanner turns into a TemplateExecError naming the template line.
 */
import { QuotedScalar, YamlBlock, formatGoNumber, goText, kindOf, unwrap } from './values';
import { escapeDoubleQuoted, escapeInline, escapeSingleQuoted, stringScalar } from './yaml-scalar';

export class ContextError extends Error {}

/** A piece of a plain scalar: template text or a printed value. */
export type Piece = { lit: string } | { val: unknown; line: number };

/** Characters a block scalar line cannot hold raw (line breaks other than \n, controls). */
const BLOCK_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;

/** Serializer output (`toYaml`, `quote`): YAML text to insert as structure. */
export function isYamlText(v: unknown): v is YamlBlock | QuotedScalar {
  return v instanceof YamlBlock || v instanceof QuotedScalar;
}

/** Text of a value printed inside a larger scalar, quotes, a comment or a block scalar. */
export function printText(v: unknown): string {
  const u = unwrap(v);
  return u === null || u === undefined ? '' : goText(u);
}

/** A value that is a whole plain scalar: Go's printing for non-strings, serializer for strings. */
export function printAlone(v: unknown): string {
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

/**
 * A plain scalar holding at least one value, serialized once as a whole. Trailing blanks of
 * the template text stay outside the scalar.
 */
export function composeScalar(run: Piece[]): string {
  let trailing = '';
  const last = run[run.length - 1];
  const pieces = run.slice();
  if ('lit' in last) {
    trailing = /[ \t]*$/.exec(last.lit)![0];
    pieces[pieces.length - 1] = { lit: last.lit.slice(0, last.lit.length - trailing.length) };
  }
  const parts = pieces.filter((p) => !('lit' in p) || p.lit.length > 0);
  if (parts.length === 1 && 'val' in parts[0]) return printAlone(parts[0].val) + trailing;
  return stringScalar(parts.map((p) => ('lit' in p ? p.lit : printText(p.val))).join('')) + trailing;
}

/**
 * A value inside block scalar content: its line breaks continue at the current line's
 * indentation. `opensBlock`: the value starts the block's first content line, whose
 * indentation YAML takes as the block's — leading spaces there would move the block.
 */
export function blockText(v: unknown, indent: number, opensBlock: boolean): string {
  const text = printText(v);
  if (BLOCK_UNSAFE.test(text) || text.includes('\r')) {
    throw new ContextError('value contains control or line-separator characters and cannot be printed inside a block scalar');
  }
  if (opensBlock && /^( *\n)* /.test(text)) throw new ContextError('value starting with spaces cannot open a block scalar');
  return text.replace(/\n/g, '\n' + ' '.repeat(indent));
}

export function commentText(v: unknown): string {
  return escapeInline(printText(v));
}

/** Inside "…"; `afterBackslash`: the template's own backslash would swallow our first character. */
export function doubleQuotedText(v: unknown, afterBackslash: boolean): string {
  if (afterBackslash) throw new ContextError('value printed right after a backslash inside a double-quoted scalar');
  return escapeDoubleQuoted(printText(v));
}

export function singleQuotedText(v: unknown): string {
  const text = escapeSingleQuoted(printText(v));
  if (text === null) {
    throw new ContextError('value contains line breaks or control characters and cannot be printed inside a single-quoted scalar');
  }
  return text;
}
