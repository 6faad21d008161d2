import { firstParam } from '../parsing';

const CRITERIA_PARAMS = ['service', 'accelerator', 'gpu', 'intent', 'os', 'platform', 'nodes'] as const;

/**
 * The criteria parameters of a query string, first occurrence of each (API.md §6: repeated
 * parameters, the first wins; unknown parameters ignored). Alias and value rules are the
 * engine's `parseCriteriaQuery`.
 */
export function criteriaParams(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of CRITERIA_PARAMS) {
    const v = firstParam(query, name);
    if (v !== undefined) out[name] = v;
  }
  return out;
}
