import type { BundlePlan, PlannedComponent } from '@aicr/contracts';

/**
 * A BundlePlan around hand-built components, for tests of the queue and the workers that need
 * a plan but no catalog: a recipe whose refs and deployment order are the components', in order.
 */
export function planAround(components: PlannedComponent[], extra: Partial<BundlePlan> = {}): BundlePlan {
  return {
    deployer: 'helm',
    repo: '',
    version: '0.1.0-test',
    recipe: {
      kind: 'RecipeResult',
      apiVersion: 'aicr.nvidia.com/v1alpha1',
      metadata: { version: 'v0.11.1', appliedOverlays: ['base'] },
      criteria: { service: 'any', accelerator: 'any', intent: 'any', os: 'any', platform: 'any' },
      componentRefs: components.map((c) => c.ref),
      deploymentOrder: components.map((c) => c.ref.name),
    },
    components,
    warnings: [],
    registry: {},
    sourceDateEpoch: null,
    ...extra,
  };
}
