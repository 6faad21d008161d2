import type { RegistryEntry } from '@aicr/contracts';
import type { SetOverride } from './set-overrides';

/**
 * The `set` entries that address one component (BUNDLES.md §4.2, new-service rule): its exact
 * name and every registry alias, merged. On the same path the name beats the aliases, an earlier
 * alias (registry order) beats a later one, and within one key the last entry wins. The winners
 * come back in query order, the order they are applied in.
 */
export function setEntriesFor(name: string, entry: RegistryEntry | undefined, sets: readonly SetOverride[]): SetOverride[] {
  const keys = [name, ...(entry?.valueOverrideKeys ?? []).filter((k) => k !== name)];
  const rank = (key: string) => keys.indexOf(key);
  const byPath = new Map<string, SetOverride>();
  for (const s of sets) {
    const r = rank(s.key);
    if (r < 0) continue;
    const current = byPath.get(s.path);
    // Lower rank wins; on equal rank the later parameter (this one) wins.
    if (!current || r <= rank(current.key)) byPath.set(s.path, s);
  }
  return [...byPath.values()].sort((a, b) => a.position - b.position);
}
