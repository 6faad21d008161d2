import type { ComponentRef, RegistryEntry } from '@aicr/contracts';

/**
 * Fills empty fields of a component from its registry entry (RECIPES.md §5.4 step 3, also
 * BUNDLES.md §3.5). Values already set always win; a component not in the registry is returned
 * unchanged. Returns a new object.
 */
export function applyRegistryDefaults(ref: ComponentRef, entry: RegistryEntry | undefined): ComponentRef {
  if (!entry) return ref;
  const out = { ...ref };
  if (!out.type) out.type = entry.kustomize?.defaultSource ? 'Kustomize' : 'Helm';
  if (out.type === 'Helm' && entry.helm) {
    const h = entry.helm;
    if (!out.source && h.defaultRepository) out.source = h.defaultRepository;
    if (!out.version && h.defaultVersion) out.version = h.defaultVersion;
    if (!out.namespace && h.defaultNamespace) out.namespace = h.defaultNamespace;
    const chart = h.defaultChart?.slice(h.defaultChart.lastIndexOf('/') + 1);
    if (!out.chart && chart) out.chart = chart;
  } else if (out.type === 'Kustomize' && entry.kustomize) {
    const k = entry.kustomize;
    if (!out.source && k.defaultSource) out.source = k.defaultSource;
    if (!out.tag && k.defaultTag) out.tag = k.defaultTag;
    if (!out.path && k.defaultPath) out.path = k.defaultPath;
  }
  return out;
}
