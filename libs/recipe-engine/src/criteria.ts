import {
  ANY,
  ANY_CRITERIA,
  CRITERIA_ALIASES,
  CRITERIA_FIELDS,
  CRITERIA_VALUES,
  LIMITS,
  invalidRequest,
  type Criteria,
  type CriteriaField,
} from '@aicr/contracts';
import { writtenAsInteger } from './safe-parse';

// ASCII only on purpose (API.md §6 [deviation]): String#trim/toLowerCase are Unicode-aware and
// would turn "\u212Aind" (KELVIN SIGN) into "kind" and strip a BOM.
const NON_ASCII = /[^\x00-\x7f]/;
const ASCII_PADDING = /^[ \t\r\n]+|[ \t\r\n]+$/g;
const NODES = /^[0-9]+$/;

/** Body keys whose numbers must be written as integers: pass to the safe-parse readers (H25). */
export const CRITERIA_INTEGER_KEYS: readonly string[] = ['nodes'];

// Hoisted: a regex literal or an arrow inside asciiLower would be a new object on every call.
const ASCII_UPPER = /[A-Z]/g;
const lowerChar = (c: string) => String.fromCharCode(c.charCodeAt(0) + 32);
const asciiLower = (s: string) => s.replace(ASCII_UPPER, lowerChar);

/** The canonical value of a criteria string ("" and `any` → `any`, aliases resolved), or undefined. */
export function normalizeCriteriaValue(field: CriteriaField, raw: string): string | undefined {
  if (raw.length > LIMITS.criteriaValueMaxChars || NON_ASCII.test(raw)) return undefined;
  const v = asciiLower(raw.replace(ASCII_PADDING, ''));
  if (v === '' || v === ANY) return ANY;
  // Own keys only: `__proto__` or `constructor` must not find Object.prototype's members.
  const aliases = CRITERIA_ALIASES[field];
  if (Object.hasOwn(aliases, v)) return aliases[v];
  return CRITERIA_VALUES[field].includes(v) ? v : undefined;
}

/** The value as it may be echoed in an error: cut to 64 characters (API.md H26). */
const echo = (v: string) => (v.length > LIMITS.criteriaValueMaxChars ? v.slice(0, LIMITS.criteriaValueMaxChars) : v);

/**
 * A body value as text for an error message. Never throws — not on a bigint, a cycle, or an
 * object whose `toString` is not a function (`String(v)` would call body-supplied members).
 */
export function describeValue(v: unknown): string {
  try {
    return String(JSON.stringify(v));
  } catch {
    // Primitives (bigint, symbol) print themselves; objects never get their own members called.
    return typeof v === 'object' && v !== null ? Object.prototype.toString.call(v) : String(v);
  }
}

function invalid(message: string, error: string): never {
  throw invalidRequest(message, { error });
}

function enumValue(field: CriteriaField, raw: string, message: string): string {
  const v = normalizeCriteriaValue(field, raw);
  return v ?? invalid(message, `invalid ${field} type: ${echo(raw)}`);
}

/** First occurrence of a query parameter (fastify gives an array for a repeated one). */
function firstParam(query: Record<string, unknown>, name: string): string {
  if (!Object.hasOwn(query, name)) return '';
  const v = query[name];
  const first = Array.isArray(v) ? v[0] : v;
  if (first === undefined || first === null) return '';
  return typeof first === 'string' ? first : String(first);
}

/**
 * Criteria from GET query parameters (RECIPES.md §2.2, API.md §6): first occurrence wins, empty
 * = absent, `gpu` only when `accelerator` is absent or empty, strict decimal `nodes`. Throws
 * AicrError INVALID_REQUEST with `message` and `details.error`.
 */
export function parseCriteriaQuery(query: Record<string, unknown>, message: string): Criteria {
  const criteria = { ...ANY_CRITERIA } as Record<string, unknown>;
  for (const field of CRITERIA_FIELDS) {
    let raw = firstParam(query, field);
    if (field === 'accelerator' && raw === '') raw = firstParam(query, 'gpu');
    criteria[field] = enumValue(field, raw, message);
  }
  const nodes = firstParam(query, 'nodes');
  if (nodes !== '') {
    const n = NODES.test(nodes) && nodes.length <= LIMITS.criteriaValueMaxChars ? Number(nodes) : NaN;
    if (!(n <= LIMITS.maxNodes)) invalid(message, `invalid nodes value: ${echo(nodes)}`);
    criteria.nodes = n;
  }
  return criteria as Criteria;
}

/**
 * Criteria from a body object (POST /v1/recipe `spec`, POST /v1/query `criteria`; RECIPES.md
 * §2.3): no `gpu` alias, unknown keys ignored, `nodes` a JSON/YAML integer ≥ 0. null/undefined
 * mean all `any`; any other non-object is refused.
 */
export function parseCriteriaSpec(spec: unknown, message: string): Criteria {
  const criteria = { ...ANY_CRITERIA } as Record<string, unknown>;
  if (spec === undefined || spec === null) return criteria as Criteria;
  if (typeof spec !== 'object' || Array.isArray(spec)) invalid(message, 'criteria must be an object');
  const body = spec as Record<string, unknown>;
  const own = (key: string) => (Object.hasOwn(body, key) ? body[key] : undefined);
  for (const field of CRITERIA_FIELDS) {
    const v = own(field);
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') invalid(message, `invalid ${field} type: ${echo(describeValue(v))}`);
    criteria[field] = enumValue(field, v, message);
  }
  const nodes = own('nodes');
  if (nodes !== undefined && nodes !== null) {
    // writtenAsInteger: `1e3` / `8.0` / `0x10` parse to integral numbers but are not integers (H25).
    if (typeof nodes !== 'number' || !Number.isInteger(nodes) || !writtenAsInteger(body, 'nodes') || nodes < 0 || nodes > LIMITS.maxNodes) {
      invalid(message, `invalid nodes value: ${echo(describeValue(nodes))}`);
    }
    criteria.nodes = nodes;
  }
  return criteria as Criteria;
}

/**
 * The criteria key the caches use: the six normalised values. Built with join, which makes one
 * flat string: a template literal makes a tree of ~10 V8 cons strings, which every cache entry
 * keyed by it kept (the engine's, the gateway's response cache): ~0.2 KB more per key, promoted
 * garbage once evicted (docs/benchmarks.md, fix 6).
 */
export const criteriaKey = (c: Criteria) => [c.service, c.accelerator, c.intent, c.os, c.platform, c.nodes].join('|');

/** Whether `c` is already normalised (the engine's callers may pass anything typed as Criteria). */
export function isNormalizedCriteria(c: Criteria): boolean {
  if (typeof c !== 'object' || c === null) return false;
  for (const field of CRITERIA_FIELDS) {
    const v = c[field] as unknown;
    if (typeof v !== 'string' || (v !== ANY && !CRITERIA_VALUES[field].includes(v))) return false;
  }
  return Number.isInteger(c.nodes) && c.nodes >= 0 && c.nodes <= LIMITS.maxNodes;
}
