import { invalidRequest, type RegistryEntry } from '@aicr/contracts';
import { parseGoBool, type SetOverride } from './set-overrides';
import { setEntriesFor } from './set-targets';
import type { PlannedRef } from './registry-defaults';

type Registry = ReadonlyMap<string, RegistryEntry>;

const sortedUnique = (names: Iterable<string>) => [...new Set(names)].sort();

/**
 * Row 15: bundler names are component names, known when in the registry or in the posted recipe
 * (so hand-written components can be selected); registry aliases are `set` keys, not bundlers.
 */
export function checkBundlerNames(bundlers: readonly string[], registry: Registry, recipeNames: readonly string[]): void {
  const valid = sortedUnique([...registry.keys(), ...recipeNames]);
  const bad = bundlers.find((b) => !valid.includes(b));
  if (bad !== undefined) {
    throw invalidRequest('Invalid bundler type', { bundler: bad, error: `unsupported bundle type: ${bad}`, valid });
  }
}

/**
 * Row 16 [deviation]: a `set` key must be a registry component, a registry alias or a component
 * of the recipe, so a typo fails loudly instead of silently changing nothing.
 */
export function checkSetKeys(sets: readonly SetOverride[], registry: Registry, recipeNames: readonly string[]): void {
  const known = new Set<string>(recipeNames);
  for (const [name, e] of registry) {
    known.add(name);
    for (const alias of e.valueOverrideKeys ?? []) known.add(alias);
  }
  const bad = sets.find((s) => !known.has(s.key));
  if (bad) {
    throw invalidRequest('Invalid set parameter', {
      error: `unknown set key ${JSON.stringify(bad.key)}: not a registry component, registry alias or recipe component`,
    });
  }
}

/** Row 18: keep the requested components; known names absent from the recipe are ignored. */
export function filterBundlers(refs: readonly PlannedRef[], bundlers: readonly string[]): PlannedRef[] {
  if (bundlers.length === 0) return [...refs];
  const kept = refs.filter((r) => bundlers.includes(r.name));
  if (kept.length === 0) {
    throw invalidRequest('None of the requested bundlers are in the recipe', {
      requested: [...bundlers],
      available: refs.map((r) => r.name),
    });
  }
  return kept;
}

/**
 * Row 19 (BUNDLES.md §3.2): a `set …:enabled=<ParseBool>` decides; otherwise the recipe's
 * `overrides.enabled === false` (JSON boolean only) drops the component. An unparsable `enabled`
 * value is ignored, as upstream.
 */
export function filterEnabled(refs: readonly PlannedRef[], registry: Registry, sets: readonly SetOverride[]): PlannedRef[] {
  const kept = refs.filter((ref) => {
    const fromSet = setEntriesFor(ref.name, registry.get(ref.name), sets).find((s) => s.path === 'enabled');
    const parsed = fromSet ? parseGoBool(fromSet.raw) : null;
    if (parsed !== null) return parsed;
    return ref.overrides?.enabled !== false;
  });
  if (kept.length === 0) throw invalidRequest('recipe has no enabled components after filtering');
  return kept;
}
