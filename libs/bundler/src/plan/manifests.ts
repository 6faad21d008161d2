import { invalidRequest, type PlannedManifest } from '@aicr/contracts';
import type { Catalog } from '@aicr/recipe-engine';
import type { PlannedRef } from './registry-defaults';

/**
 * Row 22 (the part a plan can decide): the component's manifest files (already confined and
 * known to exist, row 14), carried as text so workers need no catalog, in byte order of their
 * source paths (BUNDLES.md §5). Two files with one basename would overwrite each other under
 * `<name>/manifests/` → 400 [deviation: upstream lets the last one win].
 */
export function plannedManifests(catalog: Catalog, ref: PlannedRef): PlannedManifest[] {
  // No de-duplication: with paths confined to one flat folder, a repeated entry is the only way
  // two manifests can share a basename, and it is refused like any other collision.
  const sources = [...(ref.manifestFiles ?? [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const byName = new Map<string, string>();
  return sources.map((source) => {
    const name = source.slice(source.lastIndexOf('/') + 1);
    const other = byName.get(name);
    if (other !== undefined) {
      throw invalidRequest('Invalid request body', {
        error: `component ${JSON.stringify(ref.name)}: manifestFiles entries ${JSON.stringify(other)} and ${JSON.stringify(source)} both write manifests/${name}`,
      });
    }
    byName.set(name, source);
    const text = catalog.files.get(source);
    if (text === undefined) {
      throw invalidRequest('Invalid request body', {
        error: `component ${JSON.stringify(ref.name)}: manifestFiles entry ${JSON.stringify(source)} does not exist in the recipe data`,
      });
    }
    return { source, name, text, templated: text.includes('{{') };
  });
}
