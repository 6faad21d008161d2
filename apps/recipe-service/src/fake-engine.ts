import { AicrError, API_VERSION, ErrorCode, type Criteria, type RecipeResult } from '@aicr/contracts';
import type { RecipeEngineLike } from './engine';

/**
 * A stand-in engine for tests of the HTTP surface (this app's and @aicr/recipe-client's): fixed
 * answers, a selector miss, a defect on demand. The real engine's behaviour is its own lib's tests.
 */
export function fakeEngine(): RecipeEngineLike & { calls: number } {
  const engine = {
    calls: 0,
    resolve(criteria: Criteria): RecipeResult {
      engine.calls++;
      if (criteria.platform === 'dynamo') throw new Error('defect in the recipe data');
      return fakeRecipe(criteria);
    },
    query(criteria: Criteria, selector: string): unknown {
      engine.calls++;
      const doc: Record<string, unknown> = { criteria, components: { 'gpu-operator': { version: 'v25.3.0', values: { driver: { enabled: true } } } } };
      let node: unknown = doc;
      for (const part of selector.split('.').filter(Boolean)) {
        if (typeof node !== 'object' || node === null || !(part in node)) {
          throw new AicrError(ErrorCode.NOT_FOUND, 'Selector not found', { selector, missing: part });
        }
        node = (node as Record<string, unknown>)[part];
      }
      return node;
    },
  };
  return engine;
}

/** Keys deliberately not alphabetical: the wire must keep this order. */
export function fakeRecipe(criteria: Criteria): RecipeResult {
  const { nodes, ...rest } = criteria;
  return {
    kind: 'RecipeResult',
    apiVersion: API_VERSION,
    metadata: { version: 'dev', appliedOverlays: ['base', `${criteria.service}-${criteria.intent}`] },
    criteria: nodes ? { ...rest, nodes } : rest,
    componentRefs: [{ name: 'gpu-operator', namespace: 'gpu-operator', type: 'Helm', source: 'https://helm.ngc.nvidia.com/nvidia', version: 'v25.3.0' }],
    deploymentOrder: ['gpu-operator'],
  };
}
