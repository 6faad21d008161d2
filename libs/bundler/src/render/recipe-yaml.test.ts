import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { recipeDocument, recipeYaml } from './recipe-yaml';

describe('recipe.yaml (BUNDLES.md §9)', () => {
  it.each([
    [
      'minimal body: metadata {}, criteria null, deploymentOrder []',
      { metadata: {}, criteria: null, componentRefs: [{ name: 'a', type: 'helm', source: '' }], deploymentOrder: [] },
      { metadata: {}, criteria: null, componentRefs: [{ name: 'a', type: 'Helm', source: '' }], deploymentOrder: [] },
    ],
    [
      'field order and omitted empties',
      {
        validation: { x: 1 },
        deploymentOrder: ['k'],
        componentRefs: [{ healthCheckAsserts: '', cleanup: false, patches: [], overrides: {}, version: 'v1', source: 's', type: 'KUSTOMIZE', name: 'k', tag: 't', path: 'p' }],
        constraints: [{ value: '>= 1', name: 'K8s' }],
        criteria: { service: 'eks' },
        metadata: { version: 'v1' },
        apiVersion: 'aicr.nvidia.com/v1alpha1',
        kind: 'RecipeResult',
      },
      {
        kind: 'RecipeResult',
        apiVersion: 'aicr.nvidia.com/v1alpha1',
        metadata: { version: 'v1' },
        criteria: { service: 'eks' },
        constraints: [{ name: 'K8s', value: '>= 1' }],
        componentRefs: [{ name: 'k', type: 'Kustomize', source: 's', version: 'v1', tag: 't', path: 'p' }],
        deploymentOrder: ['k'],
        validation: { x: 1 },
      },
    ],
  ])('%s', (_n, recipe, expected) => {
    const doc = recipeDocument(recipe as never);
    expect(JSON.stringify(doc)).toBe(JSON.stringify(expected));
    expect(parse(recipeYaml(recipe as never))).toEqual(expected);
  });
});
