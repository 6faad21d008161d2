import { ALLOWLIST_ENV, ANY, LIMITS, invalidRequest } from '@aicr/contracts';
import { checkAllowlists, normalizeCriteriaValue, type Allowlists } from '@aicr/recipe-engine';

/**
 * Row 17 (API.md §7, bundle bodies): only when the body carries `criteria`. Values are normalised
 * first (empty → any) [deviation: upstream compares verbatim]; a value that is no known enum is
 * reported as not allowed with the raw text — but only for a field that has an allowlist, since
 * without allowlists bundle-body criteria are not validated at all.
 */
export function checkBodyCriteriaAllowlists(criteria: Record<string, unknown> | null, allowlists: Allowlists): void {
  if (criteria === null) return;
  for (const { field, label } of ALLOWLIST_ENV) {
    const allowed = allowlists[field];
    if (!allowed || allowed.length === 0) continue;
    const raw = typeof criteria[field] === 'string' ? (criteria[field] as string) : '';
    const value = normalizeCriteriaValue(field, raw);
    if (value === undefined) {
      throw invalidRequest(`${label} type not allowed`, { requested: raw.slice(0, LIMITS.criteriaValueMaxChars), allowed: [...allowed] });
    }
    checkAllowlists({ accelerator: ANY, service: ANY, intent: ANY, os: ANY, [field]: value } as Parameters<typeof checkAllowlists>[0], {
      [field]: allowed,
    });
  }
}
