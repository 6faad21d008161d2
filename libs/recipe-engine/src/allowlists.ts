import { ALLOWLIST_ENV, ANY, invalidRequest, type Criteria } from '@aicr/contracts';
import { normalizeCriteriaValue } from './criteria';

/** Configured criteria allowlists (API.md §7); an absent field is unrestricted. */
export interface Allowlists {
  accelerator?: string[];
  service?: string[];
  intent?: string[];
  os?: string[];
}

/**
 * Reads AICR_ALLOWED_* (API.md §7): comma-separated, trimmed, normalised like criteria, `any`
 * dropped, order and duplicates kept. Throws an Error for an invalid item: the app must refuse
 * to start (upstream's code fails startup although its comment says "skipped").
 */
export function parseAllowlists(env: Record<string, string | undefined>): Allowlists {
  const out: Allowlists = {};
  for (const { field, env: name } of ALLOWLIST_ENV) {
    const raw = env[name];
    if (!raw) continue;
    const list: string[] = [];
    for (const item of raw.split(',')) {
      if (item.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '') === '') continue;
      const v = normalizeCriteriaValue(field, item);
      if (v === undefined) {
        throw new Error(`${name}: invalid ${field} value "${item.trim().slice(0, 64)}"`);
      }
      if (v !== ANY) list.push(v);
    }
    if (list.length > 0) out[field] = list;
  }
  return out;
}

/**
 * Enforces the allowlists (API.md §7): accelerator, service, intent, os, first violation wins,
 * `any` always allowed. Throws AicrError INVALID_REQUEST `<label> type not allowed`.
 */
export function checkAllowlists(criteria: Pick<Criteria, 'accelerator' | 'service' | 'intent' | 'os'>, allowlists: Allowlists): void {
  for (const { field, label } of ALLOWLIST_ENV) {
    const allowed = allowlists[field];
    if (!allowed || allowed.length === 0) continue;
    const requested = criteria[field] as string;
    if (requested === ANY || allowed.includes(requested)) continue;
    throw invalidRequest(`${label} type not allowed`, { requested, allowed: [...allowed] });
  }
}
