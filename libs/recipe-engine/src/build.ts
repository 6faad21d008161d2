import type { ComponentRef, Constraint, RegistryEntry, Validation } from '@aicr/contracts';
import { deploymentOrder } from './deployment-order';
import { emptyRecipe, mergeRecipe, sortedComponents, sortedConstraints } from './merge';
import type { RecipeMetadata } from './recipe-metadata';
import { applyRegistryDefaults } from './registry-defaults';

/** A merged recipe before it is shaped into a response; the part shared by equal overlay lists. */
export interface RecipeBuild {
  appliedOverlays: string[];
  constraints: Constraint[];
  componentRefs: ComponentRef[];
  deploymentOrder: string[];
  validation?: Validation;
}

export interface BuildSource {
  base: RecipeMetadata;
  overlays: ReadonlyMap<string, RecipeMetadata>;
  registryByName: ReadonlyMap<string, RegistryEntry>;
}

/**
 * Merges `base` and the named overlays in order, checks the dependency graph, orders it and
 * applies registry defaults (RECIPES.md §5). Starts from fresh copies every time. Throws
 * (DependencyError or Error) on a data defect.
 */
export function buildRecipe(source: BuildSource, applied: readonly string[]): RecipeBuild {
  const work = emptyRecipe();
  for (const name of applied) {
    const doc = name === 'base' ? source.base : source.overlays.get(name);
    if (!doc) throw new Error(`overlay "${name}" does not exist`);
    mergeRecipe(work, doc);
  }
  const merged = sortedComponents(work);
  const order = deploymentOrder(merged);
  const build: RecipeBuild = {
    appliedOverlays: [...applied],
    constraints: sortedConstraints(work),
    componentRefs: merged.map((ref) => applyRegistryDefaults(ref, source.registryByName.get(ref.name))),
    deploymentOrder: order,
  };
  if (work.validation) build.validation = work.validation;
  return build;
}
