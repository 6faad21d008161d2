import { AicrError, ErrorCode } from '@aicr/contracts';

// Own properties only, and never these: a selector must not reach into prototypes.
const BLOCKED = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_LISTED_KEYS = 50;

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function notFound(selector: string, error: string): never {
  throw new AicrError(ErrorCode.NOT_FOUND, 'Selector path not found', { selector, error });
}

/**
 * The /v1/query selector walk (RECIPES.md §7, API.md §8.4): one leading `.` dropped, empty =
 * whole document, `.`-separated keys through maps only. Throws AicrError NOT_FOUND.
 */
export function selectPath(doc: unknown, selector: string): unknown {
  const path = selector.startsWith('.') ? selector.slice(1) : selector;
  if (path === '') return doc;
  let current = doc;
  const walked: string[] = [];
  for (const key of path.split('.')) {
    const at = walked.length === 0 ? 'the top level' : `"${walked.join('.')}"`;
    if (!isMap(current)) notFound(selector, `cannot descend into non-map value at ${at} (key "${key}")`);
    if (key === '') notFound(selector, `empty path segment after ${at}`);
    if (BLOCKED.has(key) || !Object.hasOwn(current, key)) {
      const keys = Object.keys(current).filter((k) => !BLOCKED.has(k)).sort();
      const listed = keys.slice(0, MAX_LISTED_KEYS).join(', ') + (keys.length > MAX_LISTED_KEYS ? ', …' : '');
      notFound(selector, `key "${key}" not found at ${at}, available keys: ${listed}`);
    }
    current = current[key];
    walked.push(key);
  }
  return current;
}
