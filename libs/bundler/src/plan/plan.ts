import { invalidRequest, type BundlePlan, type PlannedComponent, type RegistryEntry } from '@aicr/contracts';
import type { Allowlists, Catalog } from '@aicr/recipe-engine';
import { bundledRecipe, canonicalRef } from './bundled-recipe';
import { checkComponentFields } from './component-fields';
import { checkBodyCriteriaAllowlists } from './criteria-allowlist';
import { plannedManifests } from './manifests';
import { orderComponents } from './order';
import { parseBundleQuery, parseBundlerNames, type RawQuery } from './query-params';
import { decodeRecipeBody } from './recipe-body';
import { withRegistryDefaults } from './registry-defaults';
import { checkSourceAllowlist } from './source-allowlist';
import { checkBundlerNames, checkSetKeys, filterBundlers, filterEnabled } from './selection';
import { runRegistryValidations } from './validations';
import { plannedValues } from './values';

export interface PlanInput {
  /** Raw query parameters; repeatable ones as arrays, in order. */
  query: RawQuery;
  /** Raw request body (JSON always, API.md §5.1); bytes are checked for valid UTF-8. */
  body: string | Uint8Array;
  catalog: Catalog;
  allowlists: Allowlists;
  /** AICR_ALLOWED_SOURCES hosts (API.md §7.1); null/undefined/[] = no restriction. */
  allowedSources?: string[] | null;
  version: string;
  sourceDateEpoch: number | null;
}

/**
 * The one ordered validator of POST /v1/bundle: API.md §8.6 rows 2–22 (row 1 is the router's),
 * first failure wins, each step one row. Returns everything the renderer needs; throws AicrError.
 */
export function planBundle(input: PlanInput): BundlePlan {
  const { catalog } = input;
  const registry = catalog.registryByName;
  // Rows 2–11: query parameters.
  const params = parseBundleQuery(input.query);
  // Rows 12, 12a: body decoding; the wrapper's `bundlers` join the query's (H27 rules again).
  const body = decodeRecipeBody(input.body);
  const bundlers = body.wrapperBundlers.length > 0 ? parseBundlerNames([...params.bundlers, ...body.wrapperBundlers]) : params.bundlers;
  // Row 13
  if (body.components.length === 0) throw invalidRequest('Recipe must contain at least one component reference');
  // Row 14
  checkComponentFields(body.components, { hasFile: (p) => catalog.files.has(p) });
  const refs = body.components.map(({ ref }) => withRegistryDefaults(ref, registry.get(ref.name)));
  // Row 14a
  checkSourceAllowlist(refs, catalog, input.allowedSources);
  const recipeNames = refs.map((r) => r.name);
  // Row 15
  checkBundlerNames(bundlers, registry, recipeNames);
  // Row 16
  checkSetKeys(params.sets, registry, recipeNames);
  // Row 17
  checkBodyCriteriaAllowlists(body.criteria, input.allowlists);
  // Rows 18, 19
  const selected = filterEnabled(filterBundlers(refs, bundlers), registry, params.sets);
  // Order (BUNDLES.md §3.3) over the selected components, seed `order` fields included.
  const seedOrder = new Map(body.components.map((c) => [c.ref.name, c.order]));
  const order = orderComponents(
    selected.map((r) => ({ name: r.name, order: seedOrder.get(r.name) })),
    body.deploymentOrder,
  );
  const byName = new Map(selected.map((r) => [r.name, r]));
  const ordered = order.names.map((n) => byName.get(n)!);
  // Row 20
  const warnings = runRegistryValidations(ordered, registry, {
    criteria: body.criteria,
    acceleratedNodeSelector: params.acceleratedNodeSelector,
    workloadSelector: params.workloadSelector,
  });
  // Row 21
  const values = ordered.map((ref) => plannedValues(catalog, ref, registry.get(ref.name), params.sets, params));
  // Row 22 (duplicate basenames; rendering failures are the workers')
  const manifests = ordered.map((ref) => plannedManifests(catalog, ref));

  const components: PlannedComponent[] = ordered.map((ref, index) => ({
    ref: canonicalRef(ref),
    values: values[index],
    manifests: manifests[index],
    index,
  }));
  const plannedRegistry: Record<string, RegistryEntry> = {};
  for (const ref of ordered) {
    const entry = registry.get(ref.name);
    if (entry) plannedRegistry[ref.name] = entry;
  }
  return {
    deployer: params.deployer,
    repo: params.repo,
    version: input.version,
    recipe: bundledRecipe(body, selected, order),
    components,
    warnings,
    registry: plannedRegistry,
    sourceDateEpoch: input.sourceDateEpoch,
  };
}
