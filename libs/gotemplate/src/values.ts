/**
 * The Go side of the data model: truthiness, kinds, `%v` text, and the marker types that
 * carry "already YAML" text through pipelines so the printer can tell trusted serializer
 * output from raw values.
 */

/** Output of `toYaml` (possibly re-indented): serializer output, printed as YAML structure. */
export class YamlBlock {
  constructor(readonly text: string) {}
}

/** Output of `quote`: a complete double-quoted YAML scalar (the quotes are part of `text`). */
export class QuotedScalar {
  constructor(readonly text: string) {}
}

/**
 * `indent`/`nindent` applied to a raw value: the padding is template structure, the value
 * stays a value so the printer can still serialize it for its context.
 */
export class Indented {
  constructor(
    readonly lead: string,
    readonly inner: unknown,
  ) {}
}

export type Kind = 'nil' | 'bool' | 'number' | 'string' | 'map' | 'list';

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isMarker(v);
}

export function isMarker(v: unknown): v is YamlBlock | QuotedScalar | Indented {
  return v instanceof YamlBlock || v instanceof QuotedScalar || v instanceof Indented;
}

/** Markers behave as the string they stand for everywhere except when printed. */
export function unwrap(v: unknown): unknown {
  if (v instanceof YamlBlock || v instanceof QuotedScalar) return v.text;
  if (v instanceof Indented) return v.lead + goText(v.inner);
  return v;
}

export function kindOf(v: unknown): Kind {
  const u = unwrap(v);
  if (u === null || u === undefined) return 'nil';
  switch (typeof u) {
    case 'boolean':
      return 'bool';
    case 'number':
    case 'bigint':
      return 'number';
    case 'string':
      return 'string';
  }
  return Array.isArray(u) ? 'list' : 'map';
}

/** Go type names as they appear in Go's error and `%!verb(type=value)` texts. */
export function goTypeName(v: unknown): string {
  const u = unwrap(v);
  switch (kindOf(u)) {
    case 'nil':
      return '<nil>';
    case 'bool':
      return 'bool';
    case 'number':
      return Number.isInteger(u) ? 'int' : 'float64';
    case 'string':
      return 'string';
    case 'list':
      return '[]interface {}';
    default:
      return 'map[string]interface {}';
  }
}

/** Own enumerable keys only: data never exposes the prototype chain to templates. */
export function mapKeys(m: Record<string, unknown>): string[] {
  return Object.keys(m).sort(byteCompare);
}

export function mapGet(m: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(m, key) ? (m[key] ?? null) : null;
}

/** Byte-wise (UTF-8) order; UTF-16 code-unit order differs only for astral vs. high-BMP. */
export function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Go's template truth: false, 0, nil, and empty string/list/map are false. */
export function truth(v: unknown): boolean {
  const u = unwrap(v);
  switch (kindOf(u)) {
    case 'nil':
      return false;
    case 'bool':
      return u as boolean;
    case 'number':
      return u !== 0;
    case 'string':
      return (u as string).length > 0;
    case 'list':
      return (u as unknown[]).length > 0;
    default:
      return Object.keys(u as object).length > 0;
  }
}

/**
 * Go's float64 `%v` (strconv 'g', shortest): exponent form when the decimal exponent is
 * < -4 or >= 6 (the "shortest" precision rule), exponent padded to two digits (`1e+06`).
 */
export function formatGoFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mant, e] = n.toExponential().split('e');
  const exp = Number(e);
  if (exp < -4 || exp >= 6) {
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return `${mant}e${exp < 0 ? '-' : '+'}${digits}`;
  }
  return String(n);
}

/** Integers print without decimals (Go int); other numbers as Go's float64 `%v`. */
export function formatGoNumber(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString();
  if (Number.isSafeInteger(n)) return String(n);
  return formatGoFloat(n);
}

/** Go's `%v`, as `toString` and `printf %v` produce it (nil → `<nil>`). */
export function goText(v: unknown): string {
  const u = unwrap(v);
  switch (kindOf(u)) {
    case 'nil':
      return '<nil>';
    case 'bool':
      return u ? 'true' : 'false';
    case 'number':
      return formatGoNumber(u as number);
    case 'string':
      return u as string;
    case 'list':
      return `[${(u as unknown[]).map(goText).join(' ')}]`;
    default: {
      const m = u as Record<string, unknown>;
      return `map[${mapKeys(m)
        .map((k) => `${k}:${goText(m[k])}`)
        .join(' ')}]`;
    }
  }
}

/** Sprig's `empty` (also Helm's `default` test): nil, false, 0, "", empty list/map. */
export function isEmpty(v: unknown): boolean {
  return !truth(v);
}
