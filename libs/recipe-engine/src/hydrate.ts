import { AicrError, API_VERSION, ErrorCode, type Criteria, type HydratedComponent, type HydratedRecipe } from '@aicr/contracts';
import type { Catalog } from './catalog';
import type { RecipeBody } from './result';
import { componentValues } from './values';

/**
 * A copy with object keys in byte order at every level (RECIPES.md §7: upstream serialises Go
 * maps, so clients of the hydrated recipe see sorted keys).
 */
export function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (typeof v !== 'object' || v === null) return v;
  const src = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(src).sort()) {
    Object.defineProperty(out, key, { value: sortKeysDeep(src[key]), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function hydrateFailure(path: string, problem: string): never {
  throw new AicrError(ErrorCode.INTERNAL_ERROR, 'Failed to hydrate recipe', { error: `${path}: ${problem}` });
}

/** The `components` map of the hydrated recipe (RECIPES.md §7), values per §6, keys sorted. */
export function hydrateComponents(catalog: Catalog, body: RecipeBody): Record<string, HydratedComponent> {
  const components: Record<string, HydratedComponent> = {};
  for (const ref of body.componentRefs) {
    const c: HydratedComponent = { name: ref.name, type: ref.type, source: ref.source };
    for (const key of ['namespace', 'chart', 'version', 'tag', 'path'] as const) if (ref[key]) c[key] = ref[key];
    if (ref.dependencyRefs && ref.dependencyRefs.length > 0) c.dependencyRefs = [...ref.dependencyRefs];
    const values = componentValues(catalog, ref, hydrateFailure);
    if (Object.keys(values).length > 0) c.values = values;
    components[ref.name] = c;
  }
  return sortKeysDeep(components) as Record<string, HydratedComponent>;
}

/** The whole hydrated recipe, every object's keys sorted; `components` is shared, not copied. */
export function hydratedRecipe(body: RecipeBody, components: Record<string, HydratedComponent>, criteria: Criteria, version: string): HydratedRecipe {
  const doc: HydratedRecipe = {
    apiVersion: API_VERSION,
    components,
    criteria: {
      accelerator: criteria.accelerator,
      intent: criteria.intent,
      nodes: criteria.nodes,
      os: criteria.os,
      platform: criteria.platform,
      service: criteria.service,
    },
    deploymentOrder: body.deploymentOrder,
    kind: 'RecipeResult',
    metadata: { appliedOverlays: body.appliedOverlays, constraintWarnings: null, excludedOverlays: null, version },
  };
  if (body.constraints) {
    // Re-inserted so `constraints` sits between `components` and `criteria` in byte order.
    const { apiVersion, components: comps, ...rest } = doc;
    return { apiVersion, components: comps, constraints: sortKeysDeep(body.constraints) as HydratedRecipe['constraints'], ...rest };
  }
  return doc;
}
