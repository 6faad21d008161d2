/**
 * Go's fmt.Sprintf for the verbs templates need: %s %d %v %q and %%. Wrong or missing
 * operands produce Go's in-band markers (`%!d(string=x)`, `%!s(MISSING)`) rather than
 * errors, exactly like Go.
 */
import { formatGoNumber, goText, goTypeName, kindOf, unwrap } from './values';

/** Go's strconv.Quote: printable characters stay, the rest become escapes. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if ((cp >= 0x80 && cp <= 0xa0) || cp === 0xad || (cp >= 0x2028 && cp <= 0x202e) || cp === 0xfeff || (cp >= 0xd800 && cp <= 0xdfff))
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

function bad(verb: string, v: unknown): string {
  const u = unwrap(v);
  if (u === null || u === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(u)}=${goText(u)})`;
}

function formatOne(verb: string, v: unknown): string {
  const u = unwrap(v);
  const k = kindOf(u);
  switch (verb) {
    case 'v':
      return goText(u);
    case 's':
      if (k === 'string') return u as string;
      if (k === 'list') return `[${(u as unknown[]).map((x) => formatOne('s', x)).join(' ')}]`;
      return bad('s', u);
    case 'd':
      if (k === 'number' && Number.isInteger(u)) return formatGoNumber(u as number);
      if (k === 'list') return `[${(u as unknown[]).map((x) => formatOne('d', x)).join(' ')}]`;
      return bad('d', u);
    case 'q':
      if (k === 'string') return goQuote(u as string);
      return bad('q', u);
    default:
      return `%!${verb}(${goTypeName(u)}=${goText(u)})`;
  }
}

export function printf(format: string, args: unknown[]): string {
  let out = '';
  let argi = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    const verb = format[++i];
    if (verb === undefined) {
      out += '%!(NOVERB)';
      break;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatOne(verb, args[argi++]);
  }
  if (argi < args.length) {
    out += `%!(EXTRA ${args
      .slice(argi)
      .map((a) => (unwrap(a) === null || unwrap(a) === undefined ? '<nil>' : `${goTypeName(a)}=${goText(a)}`))
      .join(', ')})`;
  }
  return out;
}
