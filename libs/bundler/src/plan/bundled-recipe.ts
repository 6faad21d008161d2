import type { BundledRecipe, ComponentRef } from '@aicr/contracts';
import type { BodyRecipe } from './recipe-body';
import type { PlannedRef } from './registry-defaults';

// RecipeResult's componentRefs key order (RECIPES.md §8.1); seed-only `order`/`repository` are not in it.
const REF_KEYS = [
  'name', 'namespace', 'chart', 'type', 'source', 'version', 'tag', 'valuesFile', 'overrides', 'patches',
  'dependencyRefs', 'manifestFiles', 'manifestUrls', 'path', 'cleanup', 'expectedResources', 'healthCheckAsserts',
] as const satisfies ReadonlyArray<keyof ComponentRef>;

const isEmpty = (v: unknown) => v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** A ref in schema key order with empty optional fields dropped; `type` and `source` always kept (§9). */
export function canonicalRef(ref: PlannedRef): PlannedRef {
  const out: Record<string, unknown> = {};
  for (const k of REF_KEYS) {
    const v = ref[k];
    if (k === 'type' || k === 'source' || k === 'name') out[k] = v ?? '';
    else if (!isEmpty(v)) out[k] = v;
  }
  return out as PlannedRef;
}

/**
 * BUNDLES.md §9: the recipe as bundled — only the bundled components (body order), normalised
 * (defaults filled, Helm/Kustomize, `repository` moved to `source`), `deploymentOrder` reduced to
 * them, or the order the seed `order` fields gave, or `[]` without either.
 */
export function bundledRecipe(
  body: BodyRecipe,
  bundled: readonly PlannedRef[],
  order: { names: string[]; fromSeedOrder: boolean },
): BundledRecipe {
  const names = new Set(bundled.map((r) => r.name));
  const deploymentOrder = order.fromSeedOrder
    ? [...order.names]
    : (body.deploymentOrder ?? []).filter((n, i, all) => names.has(n) && all.indexOf(n) === i);
  const ordered: Record<string, unknown> = {};
  if (body.kind !== undefined) ordered.kind = body.kind;
  if (body.apiVersion !== undefined) ordered.apiVersion = body.apiVersion;
  ordered.metadata = { ...body.metadata };
  ordered.criteria = body.criteria === null ? null : { ...body.criteria };
  if (body.constraints !== undefined) ordered.constraints = body.constraints.map((c) => ({ ...c }));
  ordered.componentRefs = bundled.map(canonicalRef);
  ordered.deploymentOrder = deploymentOrder;
  if (body.validation !== undefined) ordered.validation = body.validation;
  return ordered as unknown as BundledRecipe;
}
