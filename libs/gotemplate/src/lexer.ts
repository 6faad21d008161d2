/**
 * Tokenizer for the Go text/template subset: text, `{{ }}` actions with `{{-`/`-}}` trim
 * markers, comments (slash-star … star-slash inside the delimiters), and the tokens inside actions. Every token carries its line
 * so errors can name it.
 */
import { TemplateParseError } from './errors';

export type TokenType =
  | 'text'
  | 'open' // {{
  | 'close' // }}
  | 'ident' // function name or keyword
  | 'field' // .a.b  (names in `fields`)
  | 'variable' // $x.a.b  (name in `value`, chain in `fields`)
  | 'dot'
  | 'string'
  | 'number'
  | 'declare' // :=
  | 'assign' // =
  | 'pipe'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'eof';

export interface Token {
  type: TokenType;
  value: string;
  line: number;
  /** Whitespace preceded this token inside the action (chains like `(x).y` need none). */
  spaced: boolean;
  fields?: string[];
  num?: number;
}

const SPACE = /[ \t\r\n]/;
const IDENT_START = /[A-Za-z_]/;
const IDENT_CHAR = /[A-Za-z0-9_]/;

function fail(name: string, line: number, msg: string): never {
  throw new TemplateParseError(`template: ${name}:${line}: ${msg}`);
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Go's strconv.Unquote for "…" literals (escapes \a \b \f \n \r \t \v \\ \" \xHH \ooo \uHHHH \UHHHHHHHH). */
function unquote(body: string, name: string, line: number): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };
    if (e in simple) {
      out += simple[e];
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) fail(name, line, `invalid syntax in string escape \\${e}${hex}`);
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff || (e !== 'x' && cp >= 0xd800 && cp <= 0xdfff)) fail(name, line, `invalid code point \\${e}${hex}`);
      out += String.fromCodePoint(cp);
      i += len;
    } else if (e !== undefined && /[0-7]/.test(e)) {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) fail(name, line, `invalid octal escape \\${oct}`);
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else {
      fail(name, line, `invalid escape \\${e ?? ''} in quoted string`);
    }
  }
  return out;
}

const NUMBER = /^[+-]?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:[0-9][0-9_]*)?\.?[0-9_]+(?:[eE][+-]?[0-9]+)?|[0-9][0-9_]*\.)/;

function parseNumber(text: string): number {
  const t = text.replace(/_/g, '');
  const sign = t.startsWith('-') ? -1 : 1;
  const body = t.replace(/^[+-]/, '');
  if (/^0[xX]/.test(body)) return sign * parseInt(body.slice(2), 16);
  if (/^0[bB]/.test(body)) return sign * parseInt(body.slice(2), 2);
  if (/^0[oO]/.test(body)) return sign * parseInt(body.slice(2), 8);
  if (/^0[0-7]+$/.test(body)) return sign * parseInt(body, 8); // Go: leading 0 is octal
  return sign * Number(body);
}

export function lex(src: string, name: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let line = 1;
  let trimNextText = false;

  const pushText = (text: string, trimRight: boolean) => {
    let t = text;
    if (trimNextText) t = t.replace(/^[ \t\r\n]+/, '');
    if (trimRight) t = t.replace(/[ \t\r\n]+$/, '');
    if (t.length > 0) tokens.push({ type: 'text', value: t, line, spaced: false });
  };

  while (pos < src.length) {
    const open = src.indexOf('{{', pos);
    if (open < 0) {
      pushText(src.slice(pos), false);
      break;
    }
    const trimLeft = src[open + 2] === '-' && SPACE.test(src[open + 3] ?? '');
    pushText(src.slice(pos, open), trimLeft);
    line += countLines(src.slice(pos, open));
    trimNextText = false;
    let i = open + (trimLeft ? 3 : 2);

    // Comment: must follow the delimiter (after an optional trim marker) directly.
    let j = i;
    if (trimLeft) while (SPACE.test(src[j] ?? '')) j++;
    if (src.startsWith('/*', j)) {
      const end = src.indexOf('*/', j + 2);
      if (end < 0) fail(name, line, 'unclosed comment');
      let k = end + 2;
      let trimRight = false;
      if (SPACE.test(src[k] ?? '') && src.startsWith('-}}', k + 1)) {
        trimRight = true;
        k += 2;
      }
      if (!src.startsWith('}}', k)) fail(name, line, 'comment ends before closing delimiter');
      line += countLines(src.slice(open, k + 2));
      pos = k + 2;
      trimNextText = trimRight;
      continue;
    }

    tokens.push({ type: 'open', value: '{{', line, spaced: false });
    let spaced = trimLeft;
    for (;;) {
      if (i >= src.length) fail(name, line, 'unclosed action');
      const c = src[i];
      if (SPACE.test(c)) {
        // " -}}" closes with a right trim marker.
        let k = i;
        while (SPACE.test(src[k] ?? '')) k++;
        if (src.startsWith('-}}', k)) {
          line += countLines(src.slice(i, k));
          tokens.push({ type: 'close', value: '}}', line, spaced: true });
          pos = k + 3;
          trimNextText = true;
          break;
        }
        line += countLines(src.slice(i, k));
        i = k;
        spaced = true;
        continue;
      }
      if (src.startsWith('}}', i)) {
        tokens.push({ type: 'close', value: '}}', line, spaced });
        pos = i + 2;
        break;
      }
      const tok = (type: TokenType, value: string, extra: Partial<Token> = {}) => {
        tokens.push({ type, value, line, spaced, ...extra });
        spaced = false;
      };
      if (c === '|') {
        tok('pipe', c);
        i++;
      } else if (c === '(') {
        tok('lparen', c);
        i++;
      } else if (c === ')') {
        tok('rparen', c);
        i++;
      } else if (c === ',') {
        tok('comma', c);
        i++;
      } else if (src.startsWith(':=', i)) {
        tok('declare', ':=');
        i += 2;
      } else if (c === '=') {
        tok('assign', '=');
        i++;
      } else if (c === '"') {
        let k = i + 1;
        while (k < src.length && src[k] !== '"') {
          if (src[k] === '\n') fail(name, line, 'unterminated quoted string');
          k += src[k] === '\\' ? 2 : 1;
        }
        if (k >= src.length) fail(name, line, 'unterminated quoted string');
        tok('string', unquote(src.slice(i + 1, k), name, line));
        i = k + 1;
      } else if (c === '`') {
        const k = src.indexOf('`', i + 1);
        if (k < 0) fail(name, line, 'unterminated raw quoted string');
        const raw = src.slice(i + 1, k);
        tok('string', raw.replace(/\r/g, ''));
        line += countLines(raw);
        i = k + 1;
      } else if (c === "'") {
        const m = /^'(\\.|[^\\'\n]+?)'/u.exec(src.slice(i));
        if (!m) fail(name, line, 'malformed character constant');
        const ch = m[1].startsWith('\\') ? unquote(m[1], name, line) : m[1];
        tok('number', m[0], { num: ch.codePointAt(0) });
        i += m[0].length;
      } else if (c === '$' || c === '.') {
        let k = i + 1;
        let head: string = c;
        const fields: string[] = [];
        if (c === '$') {
          while (IDENT_CHAR.test(src[k] ?? '')) k++;
          head = src.slice(i, k);
        } else if (/[0-9]/.test(src[k] ?? '')) {
          const m = NUMBER.exec(src.slice(i))!;
          tok('number', m[0], { num: parseNumber(m[0]) });
          i += m[0].length;
          continue;
        } else {
          let e = k;
          while (IDENT_CHAR.test(src[e] ?? '')) e++;
          if (e === k) {
            tok('dot', '.');
            i = k;
            continue;
          }
          fields.push(src.slice(k, e));
          k = e;
        }
        while (src[k] === '.') {
          let e = k + 1;
          while (IDENT_CHAR.test(src[e] ?? '')) e++;
          if (e === k + 1) fail(name, line, `bad character after '.'`);
          fields.push(src.slice(k + 1, e));
          k = e;
        }
        if (c === '.') tok('field', '.' + fields.join('.'), { fields });
        else tok('variable', head, { fields });
        i = k;
      } else if (/[0-9+-]/.test(c)) {
        const m = NUMBER.exec(src.slice(i));
        if (!m) fail(name, line, `bad number syntax: ${src.slice(i, i + 10)}`);
        if (IDENT_CHAR.test(src[i + m[0].length] ?? '') || src[i + m[0].length] === '.') {
          fail(name, line, `bad number syntax: ${src.slice(i, i + m[0].length + 1)}`);
        }
        tok('number', m[0], { num: parseNumber(m[0]) });
        i += m[0].length;
      } else if (IDENT_START.test(c)) {
        let k = i + 1;
        while (IDENT_CHAR.test(src[k] ?? '')) k++;
        tok('ident', src.slice(i, k));
        i = k;
      } else {
        fail(name, line, `unexpected ${JSON.stringify(c)} in command`);
      }
    }
  }
  tokens.push({ type: 'eof', value: '', line, spaced: false });
  return tokens;
}
