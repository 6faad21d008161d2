import type { Toleration } from '@aicr/contracts';
import { labelKeyProblem, labelValueProblem } from './label-rules';

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
type Effect = (typeof EFFECTS)[number];

/** A taint as `key[=value]:effect`; the same grammar serves tolerations and the workload gate. */
export interface Taint {
  key: string;
  value?: string;
  effect: Effect;
}

/**
 * `key=value:effect` or `key:effect` (API.md §8.6). Exactly one `:`, so keys and values holding
 * `:` are impossible; the effect is case-sensitive; key and value follow the label rules (H16).
 */
export function parseTaint(text: string): { ok: Taint } | { error: string } {
  const parts = text.split(':');
  if (parts.length !== 2) {
    return { error: `invalid format ${JSON.stringify(text)}: expected key=value:effect or key:effect (exactly one ':')` };
  }
  const [left, effect] = parts;
  if (!(EFFECTS as readonly string[]).includes(effect)) {
    return { error: `invalid effect ${JSON.stringify(effect)} in ${JSON.stringify(text)}: must be one of NoSchedule, PreferNoSchedule, NoExecute` };
  }
  const eq = left.indexOf('=');
  const key = eq < 0 ? left : left.slice(0, eq);
  const value = eq < 0 ? undefined : left.slice(eq + 1);
  const problem = labelKeyProblem(key) ?? (value === undefined ? null : labelValueProblem(value));
  if (problem) return { error: `invalid ${JSON.stringify(text)}: ${problem}` };
  return { ok: value === undefined ? { key, effect: effect as Effect } : { key, value, effect: effect as Effect } };
}

/** Row 5/6: every toleration of one class, in parameter order. */
export function parseTolerations(items: readonly string[]): { ok: Toleration[] } | { error: string } {
  const out: Toleration[] = [];
  for (const item of items) {
    const t = parseTaint(item);
    if ('error' in t) return t;
    out.push(toleration(t.ok));
  }
  return { ok: out };
}

/** `=` means operator Equal with the value; without it, Exists. Only non-empty fields. */
function toleration(t: Taint): Toleration {
  if (t.value === undefined) return { key: t.key, operator: 'Exists', effect: t.effect };
  const out: Toleration = { key: t.key, operator: 'Equal' };
  if (t.value !== '') out.value = t.value;
  out.effect = t.effect;
  return out;
}

/** The string form written to `taintStrPaths` (skyhook's runtimeRequiredTaint). */
export function taintString(t: Taint): string {
  return t.value === undefined ? `${t.key}:${t.effect}` : `${t.key}=${t.value}:${t.effect}`;
}

/** Upstream's default when a class has no toleration parameter: tolerate everything. */
export const TOLERATE_ALL: readonly Toleration[] = Object.freeze([{ operator: 'Exists' }]) as readonly Toleration[];
