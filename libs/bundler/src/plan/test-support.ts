import { ANY_CRITERIA, AicrError, type Criteria } from '@aicr/contracts';
import { loadCatalog, RecipeEngine, type Catalog } from '@aicr/recipe-engine';
import { planBundle, type PlanInput } from './plan';

/** Test helpers shared by the plan tests: upstream's catalog, real recipes, error capture. */
export const UPSTREAM_RECIPES = '/work/shared/reference/upstream-recipes';

let catalogPromise: Promise<Catalog> | undefined;
export const upstreamCatalog = () => (catalogPromise ??= loadCatalog(UPSTREAM_RECIPES));

export async function recipeFor(criteria: Partial<Criteria>): Promise<Record<string, unknown>> {
  const engine = new RecipeEngine(await upstreamCatalog());
  return JSON.parse(JSON.stringify(engine.resolve({ ...ANY_CRITERIA, ...criteria }))) as Record<string, unknown>;
}

export async function plan(query: PlanInput['query'], body: unknown, extra: Partial<PlanInput> = {}) {
  return planBundle({
    query,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    catalog: await upstreamCatalog(),
    allowlists: {},
    allowedSources: null,
    version: 'test',
    sourceDateEpoch: null,
    ...extra,
  });
}

/** The AicrError a call throws, as the envelope fields tests compare. */
export async function failure(fn: () => unknown): Promise<{ status: number; code: string; message: string; details?: unknown }> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof AicrError) {
      return { status: e.status, code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) };
    }
    throw e;
  }
  throw new Error('expected an AicrError, call succeeded');
}

/** The seed's hand-written body (API reference, "Generate all available bundles"). */
export const SEED_HELM_BODY = {
  apiVersion: 'aicr.nvidia.com/v1alpha1',
  kind: 'Recipe',
  componentRefs: [
    { name: 'gpu-operator', version: 'v25.3.3', type: 'helm' },
    { name: 'network-operator', version: 'v25.4.0', type: 'helm' },
  ],
};

/** The seed's sample recipe response (§8.2 shape: `order`, `repository`, object constraints). */
export const SEED_RECIPE_RESPONSE = {
  apiVersion: 'aicr.nvidia.com/v1alpha1',
  kind: 'Recipe',
  metadata: { version: 'v1.0.0', created: '2026-01-11T10:30:00Z', appliedOverlays: ['base', 'eks', 'eks-training', 'gb200-eks-training'] },
  criteria: { service: 'eks', accelerator: 'gb200', intent: 'training', os: 'any', platform: 'any' },
  componentRefs: [
    { name: 'gpu-operator', version: 'v25.3.3', order: 1, repository: 'https://helm.ngc.nvidia.com/nvidia' },
    { name: 'network-operator', version: 'v25.4.0', order: 2, repository: 'https://helm.ngc.nvidia.com/nvidia' },
  ],
  constraints: { driver: { version: '580.82.07', cudaVersion: '13.1' } },
};
