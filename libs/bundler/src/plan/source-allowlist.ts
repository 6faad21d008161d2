import { invalidRequest } from '@aicr/contracts';
import type { Catalog } from '@aicr/recipe-engine';
import type { PlannedRef } from './registry-defaults';

/**
 * AICR_ALLOWED_SOURCES (API.md §7.1) as host names: comma-separated, trimmed, lower-cased,
 * empties skipped; null when unset or empty (no restriction). Host-name syntax is checked at
 * start-up by the config loader (refuse to start), not per request.
 */
export function parseAllowedSources(raw: string | undefined): string[] | null {
  const hosts = (raw ?? '').split(',').map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
  return hosts.length > 0 ? hosts : null;
}

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
