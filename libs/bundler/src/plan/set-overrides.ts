import { LIMITS, invalidRequest } from '@aicr/contracts';

/** One `set=<key>:<path>=<value>` parameter, parsed and typed (API.md §8.6, BUNDLES.md §4.2). */
export interface SetOverride {
  key: string;
  /** The dotted path as given (`gds.enabled`). */
  path: string;
  segments: string[];
  /** The value text as given; `enabled` is read from it with Go's ParseBool spellings. */
  raw: string;
  /** Typed like upstream: boolean, integer, float, else string. */
  value: boolean | number | string;
  /** Position among the `set` parameters (query order decides application order). */
  position: number;
}

// Names that would reach Object.prototype through a naive path walk (H12).
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

const fail = (error: string) => invalidRequest('Invalid set parameter', { error });

/** Row 2: syntax, limits (H12, H13) and typing of every `set` parameter, in query order. */
export function parseSetOverrides(params: readonly string[]): SetOverride[] {
  if (params.length > LIMITS.maxSetParams) {
    throw fail(`too many set parameters: ${params.length} (limit ${LIMITS.maxSetParams})`);
  }
  return params.map((param, position) => parseOne(param, position));
}

function parseOne(param: string, position: number): SetOverride {
  const colon = param.indexOf(':');
  if (colon < 0) throw fail(`invalid format ${JSON.stringify(param)}: expected key:path=value`);
  const key = param.slice(0, colon);
  const rest = param.slice(colon + 1);
  const eq = rest.indexOf('=');
  if (eq < 0) throw fail(`invalid format ${JSON.stringify(param)}: expected key:path=value`);
  // Split at the first `=` only: the value may itself contain `:` and `=`.
  const path = rest.slice(0, eq);
  const raw = rest.slice(eq + 1);
  if (key === '') throw fail(`invalid format ${JSON.stringify(param)}: empty key`);
  if (path === '') throw fail(`invalid format ${JSON.stringify(param)}: empty path`);
  if (raw === '') throw fail(`invalid format ${JSON.stringify(param)}: empty value`);
  if (CONTROL.test(key)) throw fail(`key ${JSON.stringify(key)} contains control characters`);
  if (CONTROL.test(path)) throw fail(`path ${JSON.stringify(path)} contains control characters`);
  if (CONTROL.test(raw)) throw fail(`value for ${key}:${path} contains control characters`);
  if (path.length > LIMITS.setPathMaxChars) {
    throw fail(`path of ${key} is ${path.length} characters long (limit ${LIMITS.setPathMaxChars})`);
  }
  if (raw.length > LIMITS.setValueMaxChars) {
    throw fail(`value for ${key}:${path} is ${raw.length} characters long (limit ${LIMITS.setValueMaxChars})`);
  }
  const segments = path.split('.');
  if (segments.length > LIMITS.setPathMaxSegments) {
    throw fail(`path ${JSON.stringify(path)} has ${segments.length} segments (limit ${LIMITS.setPathMaxSegments})`);
  }
  for (const s of segments) {
    if (s === '') throw fail(`path ${JSON.stringify(path)} has an empty segment`);
    if (FORBIDDEN_SEGMENTS.has(s)) throw fail(`path ${JSON.stringify(path)} has a forbidden segment ${JSON.stringify(s)}`);
  }
  const value = typeSetValue(raw);
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw fail(`value ${JSON.stringify(raw)} for ${key}:${path} is not a finite number`);
  }
  return { key, path, segments, raw, value, position };
}

const INT = /^[+-]?[0-9]+$/;
const DEC_FLOAT = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/;
const SPECIAL_FLOAT = /^[+-]?(inf|infinity|nan)$/i;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Upstream's typing, first match wins (BUNDLES.md §4.2): exactly `true`/`false`; a decimal int64
 * (leading zeros allowed: `007` → 7); Go ParseFloat text (incl. `inf`/`nan`, hex floats); else the
 * string. Non-finite results are returned as such so the caller can reject them. Integers past
 * 2^53 lose precision in JavaScript numbers (the plan is JSON, so no BigInt).
 */
export function typeSetValue(raw: string): boolean | number | string {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (INT.test(raw)) {
    const n = BigInt(raw);
    // Out of int64 range Go's ParseInt fails and ParseFloat takes the text: a float either way.
    if (n >= INT64_MIN && n <= INT64_MAX) return Number(n);
    return Number(raw);
  }
  if (DEC_FLOAT.test(raw)) return Number(raw);
  if (SPECIAL_FLOAT.test(raw)) return /nan/i.test(raw) ? Number.NaN : raw.startsWith('-') ? -Infinity : Infinity;
  const hex = HEX_FLOAT.exec(raw);
  if (hex && (hex[2] !== '' || (hex[3] ?? '') !== '')) {
    const digits = hex[2] + (hex[3] ?? '');
    const mantissa = digits === '' ? 0 : Number.parseInt(digits, 16);
    const exp = Number(hex[4]) - 4 * (hex[3] ?? '').length;
    const v = mantissa * 2 ** exp;
    return hex[1] === '-' ? -v : v;
  }
  return raw;
}

/** Go strconv.ParseBool spellings (BUNDLES.md §3.2); null when the text is none of them. */
export function parseGoBool(raw: string): boolean | null {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  return null;
}
