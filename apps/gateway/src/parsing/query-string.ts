/**
 * Query-string parser for fastify's `routerOptions.querystringParser` (API.md §6, H28).
 * Repeated keys collect into arrays (callers take the first: first occurrence wins).
 * Malformed percent-encoding or a NUL must become a 400, but a parser that throws would be a
 * 500, so we return a marked object and a hook turns the mark into the envelope.
 */
import { SecondSighting } from '../admission';

export const INVALID_QUERY = Symbol('aicr.invalidQuery');

export type ParsedQuery = Record<string, string | string[]> & { [INVALID_QUERY]?: true };

export function parseQueryString(qs: string): ParsedQuery {
  // Null prototype: a `__proto__` parameter is just a key (H14 spirit).
  const out = Object.create(null) as ParsedQuery;
  if (!qs) return out;
  for (const part of qs.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      out[INVALID_QUERY] = true;
      return out;
    }
    if (key.includes('\0') || value.includes('\0')) {
      out[INVALID_QUERY] = true;
      return out;
    }
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[key] = [prev, value];
  }
  return out;
}

/** First occurrence of a parameter (API.md §6: repeated parameters, the first wins). */
export function firstParam(query: unknown, name: string): string | undefined {
  if (query === null || typeof query !== 'object' || !Object.hasOwn(query, name)) return undefined;
  const v = (query as Record<string, unknown>)[name];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** Distinct query strings a parser remembers, and the longest one it keeps. */
export const QUERY_MEMO_LIMITS = { entries: 1024, length: 1024 } as const;

/**
 * The parser the gateway hands fastify: parseQueryString, remembered per query string. Clients
 * send the same few criteria over and over, and parsing plus validating them was a tenth of a
 * cached GET /v1/recipe (docs/benchmarks.md). A string is remembered from its second request on
 * (SecondSighting: one-off strings must not fill old space), bounded in entries and length,
 * oldest out first. Remembered results are frozen, since one object then serves every request
 * with that string; freezing is also what tells `perQuery` a result is worth keeping.
 */
export function memoizedQueryStringParser(limits: { entries: number; length: number } = QUERY_MEMO_LIMITS): (qs: string) => ParsedQuery {
  const memo = new Map<string, ParsedQuery>();
  const admission = new SecondSighting(limits.entries);
  return (qs) => {
    const known = memo.get(qs);
    if (known !== undefined) return known;
    const parsed = parseQueryString(qs);
    if (qs.length > limits.length || !admission.admit(qs)) return parsed;
    for (const value of Object.values(parsed)) if (Array.isArray(value)) Object.freeze(value);
    Object.freeze(parsed);
    if (memo.size >= limits.entries) memo.delete(memo.keys().next().value!);
    memo.set(qs, parsed);
    return parsed;
  };
}

/**
 * Remembers `fn`'s result per remembered (frozen) query object, i.e. per query string the
 * parser keeps; any other query is computed each time. Only results are kept: a throwing `fn`
 * (a 400) runs again next time. `fn` must be pure.
 */
export function perQuery<T>(fn: (query: unknown) => T): (query: unknown) => T {
  const results = new WeakMap<object, T>();
  return (query) => {
    if (query === null || typeof query !== 'object' || !Object.isFrozen(query)) return fn(query);
    const known = results.get(query);
    if (known !== undefined) return known;
    const result = fn(query);
    results.set(query, result);
    return result;
  };
}
