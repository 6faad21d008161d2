import { labelKeyProblem, labelValueProblem } from './label-rules';

/**
 * `key=value` selectors (system/accelerated node selectors, workload selector). Split at the
 * first `=`; key and value must be label key/value (H15), so a value holding `=` is refused.
 * A repeated key keeps the last value (upstream). Returns ordered entries, or the reason of the
 * first bad item.
 */
export function parseSelectors(items: readonly string[]): { ok: Array<[string, string]> } | { error: string } {
  const byKey = new Map<string, string>();
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq < 0) return { error: `invalid format ${JSON.stringify(item)}: expected key=value` };
    const key = item.slice(0, eq);
    const value = item.slice(eq + 1);
    const problem = labelKeyProblem(key) ?? labelValueProblem(value);
    if (problem) return { error: `invalid selector ${JSON.stringify(item)}: ${problem}` };
    byKey.set(key, value);
  }
  return { ok: [...byKey] };
}

/** A selector as written into values: a fresh map with string values (own properties only). */
export function selectorObject(entries: ReadonlyArray<[string, string]>): Record<string, string> {
  return Object.fromEntries(entries);
}
