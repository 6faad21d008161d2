/**
 * The YAML scalar serializer every printed value goes through (BUNDLES.md §5 "Escaping",
 * §15.2 item 3). A string prints plain only when plain text reads back as the same string
 * under both YAML 1.2 (the `yaml` package) and YAML 1.1 (what Kubernetes' go-yaml resolves:
 * yes/no/on/off, 0755, 1_000, dates), and when it cannot change structure in any block or
 * flow context. Everything else is double-quoted with escapes, so it stays on one line.
 */
import { parse } from 'yaml';

// Characters that never print raw in a plain scalar: controls, DEL, C1, Unicode line and
// paragraph separators (line breaks in YAML 1.1), BOM, non-characters, lone surrogates.
const UNSAFE_CHAR = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// Indicators and quoting characters: quoting strings that contain them costs nothing and
// keeps plain output safe in flow context and inside already-quoted text.
const INDICATOR_ANYWHERE = /[,[\]{}#"'\\`]/;
const INDICATOR_FIRST = /^[-?:&*!|>%@=<~.]/;
const YAML11_SPECIAL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;
const NUMBERISH = /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+]?[0-9]+)?|0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$/;
const DATEISH = /^\d{4}-\d{1,2}-\d{1,2}/;

/** True when `s` may be written as a plain scalar and reads back as exactly `s`. */
export function isPlainSafe(s: string): boolean {
  if (s.length === 0 || s.length > 1024) return false;
  if (/^\s|\s$/.test(s)) return false;
  if (UNSAFE_CHAR.test(s) || INDICATOR_ANYWHERE.test(s) || INDICATOR_FIRST.test(s)) return false;
  if (s.includes(': ') || s.endsWith(':')) return false;
  if (YAML11_SPECIAL.test(s) || NUMBERISH.test(s) || DATEISH.test(s)) return false;
  // Belt and braces: both schemas of the parser must give the string back unchanged.
  // Parsing costs tens of microseconds; the same values (names, versions) recur, so cache.
  const known = parseCheckCache.get(s);
  if (known !== undefined) return known;
  let ok: boolean;
  try {
    ok = parse(s) === s && parse(s, { version: '1.1' }) === s;
  } catch {
    ok = false;
  }
  if (parseCheckCache.size >= PARSE_CHECK_CACHE_MAX) parseCheckCache.clear();
  parseCheckCache.set(s, ok);
  return ok;
}

const PARSE_CHECK_CACHE_MAX = 10_000;
const parseCheckCache = new Map<string, boolean>();

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
  '\0': '\\0',
  '\b': '\\b',
  '\f': '\\f',
  '\u000b': '\\v',
  '\u001b': '\\e',
};

/** The inside of a double-quoted YAML scalar: never contains a raw line break or `"`. */
export function escapeDoubleQuoted(s: string): string {
  let out = '';
  for (const ch of s) {
    const simple = SIMPLE_ESCAPES[ch];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const cp = ch.codePointAt(0)!;
    if (ch.length === 2) out += ch; // a well-formed astral character (emoji): printable
    else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (UNSAFE_CHAR.test(ch)) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

/** Text that must stay on its line (a comment): only breaks and controls are escaped. */
export function escapeInline(s: string): string {
  let out = '';
  for (const ch of s) {
    if (ch.length === 1 && UNSAFE_CHAR.test(ch) && ch !== '\t') out += escapeDoubleQuoted(ch);
    else out += ch;
  }
  return out;
}

export function doubleQuote(s: string): string {
  return `"${escapeDoubleQuoted(s)}"`;
}

/** A string as a one-line YAML scalar: plain when safe, double-quoted otherwise. */
export function stringScalar(s: string): string {
  return isPlainSafe(s) ? s : doubleQuote(s);
}

/** Text inside a single-quoted scalar, or null when it cannot be written there on one line. */
export function escapeSingleQuoted(s: string): string | null {
  if (UNSAFE_CHAR.test(s.replace(/\t/g, ''))) return null;
  return s.replace(/'/g, "''");
}
