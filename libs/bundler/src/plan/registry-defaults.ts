import { invalidRequest, type ComponentRef, type RegistryEntry } from '@aicr/contracts';
import { applyRegistryDefaults, type Catalog } from '@aicr/recipe-engine';

export type PlannedRef = ComponentRef & { type: 'Helm' | 'Kustomize' };

/**
 * BUNDLES.md §3.5: a posted component gets the registry defaults recipe building gives it, so
 * the seed's `{"name","version","type":"helm"}` refs install something. `type` is compared
 * case-insensitively first (API.md §8.6: `Kustomize` in any case, anything else Helm) so that the
 * engine's defaults see the canonical spelling; an empty type is left for the registry to decide.
 */
export function withRegistryDefaults(ref: ComponentRef, entry: RegistryEntry | undefined): PlannedRef {
  const typed: ComponentRef = { ...ref, type: ref.type === '' ? '' : canonicalType(ref.type) };
  const filled = applyRegistryDefaults(typed, entry);
  return { ...filled, type: filled.type === 'Kustomize' ? 'Kustomize' : 'Helm' };
}

const canonicalType = (t: string) => (t.replace(/[A-Z]/g, (c) => c.toLowerCase()) === 'kustomize' ? 'Kustomize' : 'Helm');

// The allowed hosts depend only on the catalog and the configured list; computed once per pair.
const hostCache = new WeakMap<Catalog, Map<string, string[]>>();

/** Host of a source URL, lower-cased; the text itself when it does not parse (then never allowed). */
export function sourceHost(source: string): string {
  try {
    return new URL(source).hostname.toLowerCase();
  } catch {
    return source.toLowerCase();
  }
}

/** API.md §7.1: hosts of every source the recipe data names, plus the configured ones. */
export function allowedSourceHosts(catalog: Catalog, configured: readonly string[]): string[] {
  const key = configured.join(',');
  let byList = hostCache.get(catalog);
  if (!byList) hostCache.set(catalog, (byList = new Map()));
  const cached = byList.get(key);
  if (cached) return cached;
  const hosts = new Set(configured.map((h) => h.toLowerCase()));
  const add = (s: string | undefined) => {
    if (s) hosts.add(sourceHost(s));
  };
  for (const e of catalog.registry.components) {
    add(e.helm?.defaultRepository);
    add(e.kustomize?.defaultSource);
  }
  for (const doc of [catalog.base, ...catalog.overlays.values()]) for (const r of doc.spec.componentRefs) add(r.source);
  const list = [...hosts].sort();
  byList.set(key, list);
  return list;
}

/** Row 14a: each component's source (after `repository` and defaults) empty or on an allowed host. */
export function checkSourceAllowlist(refs: readonly PlannedRef[], catalog: Catalog, configured: readonly string[] | null | undefined): void {
  if (!configured || configured.length === 0) return;
  const allowed = allowedSourceHosts(catalog, configured);
  for (const ref of refs) {
    if (!ref.source) continue;
    const host = sourceHost(ref.source);
    if (!allowed.includes(host)) {
      throw invalidRequest('chart source not allowed', { component: ref.name, requested: host, allowed: [...allowed] });
    }
  }
}
