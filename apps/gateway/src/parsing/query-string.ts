/**
 * Query-string parser for fastify's `routerOptions.querystringParser` (API.md §6, H28).
 * Repeated keys collect into arrays (callers take the first: first occurrence wins).
 * Malformed percent-encoding or a NUL must become a 400, but a parser that throws would be a
 * 500, so we return a marked object and a hook turns the mark into the envelope.
 */
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
