import type { Catalog } from '@aicr/recipe-engine';

/**
 * A loaded catalog with one values file turned into broken YAML after the load checks passed
 * (its parsed copy dropped, so the engine reads the text): a defect in the recipe data that a
 * real RecipeEngine only meets at request time, as a 500.
 */
export function withBrokenValuesFile(catalog: Catalog, path: string): Catalog {
  return {
    ...catalog,
    files: new Map([...catalog.files, [path, 'driver: [unclosed\n']]),
    values: new Map([...catalog.values].filter(([p]) => p !== path)),
  };
}
