/**
 * The function table: Go's built-ins (index, and, or, not, eq, ne, lt, le, gt, ge, len,
 * printf) and the Sprig/Helm functions the catalog uses (default, empty, toString, toYaml,
 * indent, nindent, quote, hasKey). Pure: no function touches files, environment or network.
 * A function throws FuncError for bad data; the executor adds template name and line.
 */
import { printf } from './printf';
import { toYamlText } from './to-yaml';
import {
  Indented,
  QuotedScalar,
  YamlBlock,
  goText,
  goTypeName,
  isEmpty,
  isMap,
  kindOf,
  mapGet,
  truth,
  unwrap,
} from './values';
import { doubleQuote } from './yaml-scalar';

export class FuncError extends Error {}

export interface FuncSpec {
  minArgs: number;
  maxArgs: number;
  /** and/or: arguments arrive as thunks and are evaluated only as far as needed (Go 1.18+). */
  lazy?: boolean;
  fn: (args: unknown[]) => unknown;
}

type Thunk = () => unknown;

function index(item: unknown, ...keys: unknown[]): unknown {
  let cur = unwrap(item);
  for (const key of keys) {
    const k = unwrap(key);
    // Helm-like leniency: indexing a missing value gives a missing value, not an error.
    if (cur === null || cur === undefined) return null;
    if (Array.isArray(cur)) {
      if (typeof k !== 'number' || !Number.isInteger(k)) throw new FuncError(`cannot index slice/array with type ${goTypeName(k)}`);
      if (k < 0 || k >= cur.length) throw new FuncError(`index out of range: ${k}`);
      cur = cur[k] ?? null;
    } else if (isMap(cur)) {
      if (typeof k !== 'string') throw new FuncError(`value has type ${goTypeName(k)}; should be string`);
      cur = mapGet(cur, k);
    } else {
      throw new FuncError(`can't index item of type ${goTypeName(cur)}`);
    }
  }
  return cur;
}

type Basic = 'nil' | 'bool' | 'number' | 'string' | 'other';
function basicKind(v: unknown): Basic {
  const k = kindOf(v);
  return k === 'list' || k === 'map' ? 'other' : k;
}

/** Go's eq: arg1 equals any of the others; mixing basic kinds (string vs int) is an error. */
function eq(a: unknown, ...others: unknown[]): boolean {
  const x = unwrap(a);
  const kx = basicKind(x);
  for (const o of others) {
    const y = unwrap(o);
    const ky = basicKind(y);
    if (kx !== ky) {
      if (kx !== 'nil' && ky !== 'nil') throw new FuncError(`incompatible types for comparison: ${goTypeName(x)} and ${goTypeName(y)}`);
      continue;
    }
    if (kx === 'other') throw new FuncError(`non-comparable type ${goTypeName(x)}`);
    if (x === y || (kx === 'nil' && ky === 'nil')) return true;
  }
  return false;
}

function compare(name: string, a: unknown, b: unknown): number {
  const x = unwrap(a);
  const y = unwrap(b);
  const kx = basicKind(x);
  const ky = basicKind(y);
  if (kx !== ky) throw new FuncError(`incompatible types for comparison: ${goTypeName(x)} and ${goTypeName(y)}`);
  if (kx !== 'number' && kx !== 'string') throw new FuncError(`invalid type for comparison in ${name}: ${goTypeName(x)}`);
  if (kx === 'string') return Buffer.compare(Buffer.from(x as string), Buffer.from(y as string));
  return (x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0;
}

function len(v: unknown): number {
  const u = unwrap(v);
  switch (kindOf(u)) {
    case 'string':
      return Buffer.byteLength(u as string, 'utf8'); // Go counts bytes
    case 'list':
      return (u as unknown[]).length;
    case 'map':
      return Object.keys(u as object).length;
    default:
      throw new FuncError(`len of type ${goTypeName(u)}`);
  }
}

function spacesArg(name: string, n: unknown): string {
  const u = unwrap(n);
  if (typeof u !== 'number' || !Number.isInteger(u)) throw new FuncError(`${name}: wrong type for value; expected int; got ${goTypeName(u)}`);
  if (u < 0 || u > 1000) throw new FuncError(`${name}: indentation ${u} out of range`);
  return ' '.repeat(u);
}

/** Pads every non-empty line (BUNDLES.md §5); the first line counts as non-empty when it holds a value. */
function padLines(text: string, pad: string, lastHasValue = false): string {
  const lines = text.split('\n');
  return lines.map((l, i) => (l.length > 0 || (lastHasValue && i === lines.length - 1) ? pad + l : l)).join('\n');
}

/**
 * indent/nindent keep the nature of their argument: toYaml output stays trusted YAML text,
 * a raw value stays a value (the printer serializes it for its context) behind its padding.
 */
function indentValue(name: string, n: unknown, v: unknown, newline: boolean): unknown {
  const pad = spacesArg(name, n);
  const nl = newline ? '\n' : '';
  if (v instanceof YamlBlock) return new YamlBlock(nl + padLines(v.text, pad));
  if (v instanceof Indented) return new Indented(nl + padLines(v.lead, pad, true), v.inner);
  const k = kindOf(v);
  if (k === 'map' || k === 'list') throw new FuncError(`${name}: wrong type for value; expected string; got ${goTypeName(v)} (use toYaml)`);
  if (k !== 'string' && !(v instanceof QuotedScalar)) throw new FuncError(`${name}: wrong type for value; expected string; got ${goTypeName(v)}`);
  return new Indented(nl + pad, v);
}

export const FUNCTIONS: Record<string, FuncSpec> = {
  index: { minArgs: 1, maxArgs: Infinity, fn: (a) => index(a[0], ...a.slice(1)) },
  and: {
    minArgs: 1,
    maxArgs: Infinity,
    lazy: true,
    fn: (a) => {
      let v: unknown = null;
      for (const t of a as Thunk[]) if (!truth((v = t()))) return v;
      return v;
    },
  },
  or: {
    minArgs: 1,
    maxArgs: Infinity,
    lazy: true,
    fn: (a) => {
      let v: unknown = null;
      for (const t of a as Thunk[]) if (truth((v = t()))) return v;
      return v;
    },
  },
  not: { minArgs: 1, maxArgs: 1, fn: (a) => !truth(a[0]) },
  eq: { minArgs: 2, maxArgs: Infinity, fn: (a) => eq(a[0], ...a.slice(1)) },
  ne: { minArgs: 2, maxArgs: 2, fn: (a) => !eq(a[0], a[1]) },
  lt: { minArgs: 2, maxArgs: 2, fn: (a) => compare('lt', a[0], a[1]) < 0 },
  le: { minArgs: 2, maxArgs: 2, fn: (a) => compare('le', a[0], a[1]) <= 0 },
  gt: { minArgs: 2, maxArgs: 2, fn: (a) => compare('gt', a[0], a[1]) > 0 },
  ge: { minArgs: 2, maxArgs: 2, fn: (a) => compare('ge', a[0], a[1]) >= 0 },
  len: { minArgs: 1, maxArgs: 1, fn: (a) => len(a[0]) },
  // BUNDLES.md §5: D when V is nil or "" (not Sprig's wider "empty": with Sprig,
  // `false | default true` is true and tuning.yaml's autoTaintNewNodes=false could never apply).
  default: {
    minArgs: 1,
    maxArgs: 2,
    fn: (a) => {
      const v = a.length < 2 ? null : unwrap(a[1]);
      return v === null || v === undefined || v === '' ? a[0] : a[1];
    },
  },
  empty: { minArgs: 1, maxArgs: 1, fn: (a) => isEmpty(a[0]) },
  toString: { minArgs: 1, maxArgs: 1, fn: (a: unknown[]) => goText(a[0]) },
  toYaml: {
    minArgs: 1,
    maxArgs: 1,
    fn: (a) => {
      try {
        return new YamlBlock(toYamlText(unwrap(a[0])));
      } catch (e) {
        throw new FuncError((e as Error).message);
      }
    },
  },
  indent: { minArgs: 2, maxArgs: 2, fn: (a) => indentValue('indent', a[0], a[1], false) },
  nindent: { minArgs: 2, maxArgs: 2, fn: (a) => indentValue('nindent', a[0], a[1], true) },
  quote: {
    minArgs: 0,
    maxArgs: Infinity,
    fn: (a) => {
      const parts = a.filter((v) => unwrap(v) !== null && unwrap(v) !== undefined).map((v) => doubleQuote(goText(v)));
      return parts.length === 1 ? new QuotedScalar(parts[0]) : parts.join(' ');
    },
  },
  hasKey: {
    minArgs: 2,
    maxArgs: 2,
    fn: (a) => {
      const m = unwrap(a[0]);
      const k = unwrap(a[1]);
      if (m === null || m === undefined) return false;
      if (!isMap(m)) throw new FuncError(`hasKey: wrong type for value; expected map[string]interface {}; got ${goTypeName(m)}`);
      if (typeof k !== 'string') throw new FuncError(`hasKey: wrong type for key; expected string; got ${goTypeName(k)}`);
      return Object.prototype.hasOwnProperty.call(m, k);
    },
  },
  printf: {
    minArgs: 1,
    maxArgs: Infinity,
    fn: (a) => {
      const f = unwrap(a[0]);
      if (typeof f !== 'string') throw new FuncError(`printf: wrong type for format; expected string; got ${goTypeName(f)}`);
      return printf(f, a.slice(1));
    },
  },
};
