import type { ComponentRef, RegistryEntry } from '@aicr/contracts';
import { applyRegistryDefaults } from '@aicr/recipe-engine';

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
