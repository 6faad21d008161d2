import { LIMITS } from '@aicr/contracts';

/**
 * Strict JSON for bundle bodies (API.md §5.1, H3, H9–H11), pure so the bundler lib needs no app
 * code. JSON.parse already refuses NaN/Infinity, comments and trailing garbage; on top of it:
 * invalid UTF-8, nesting deeper than 64, `__proto__` keys and `constructor` objects holding a
 * `prototype` key (fastify's onProtoPoisoning/onConstructorPoisoning 'error'), anywhere.
 * Throws an Error whose message is the client-facing `details.error`.
 */
export function parseSafeJson(body: string | Uint8Array): unknown {
  const text = typeof body === 'string' ? body : decodeUtf8(body);
  // Go's decoder reports an empty (or blank) body as EOF; keep the familiar text.
  if (/^[ \t\r\n]*$/.test(text)) throw new Error('EOF');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`invalid JSON: ${(e as Error).message}`);
  }
  checkTree(value);
  return value;
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    // ignoreBOM keeps a leading BOM in the text, where JSON.parse refuses it like Go does.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new Error('invalid JSON: body is not valid UTF-8');
  }
}

/** Iterative walk: depth and poisoning checks without recursion limits of our own. */
function checkTree(root: unknown): void {
  const stack: Array<{ v: unknown; depth: number }> = [{ v: root, depth: 1 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > LIMITS.maxNestingDepth) throw new Error(`invalid JSON: nesting deeper than ${LIMITS.maxNestingDepth} levels`);
    if (Array.isArray(v)) {
      for (const item of v) stack.push({ v: item, depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(v)) {
      const child = (v as Record<string, unknown>)[key];
      if (key === '__proto__') throw new Error('invalid JSON: object contains forbidden prototype property');
      if (key === 'constructor' && child !== null && typeof child === 'object' && Object.hasOwn(child, 'prototype')) {
        throw new Error('invalid JSON: object contains forbidden prototype property');
      }
      stack.push({ v: child, depth: depth + 1 });
    }
  }
}
