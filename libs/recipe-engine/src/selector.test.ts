import { describe, expect, it } from 'vitest';
import { AicrError } from '@aicr/contracts';
import { selectPath } from './selector';

const doc = JSON.parse(
  JSON.stringify({
    apiVersion: 'aicr.nvidia.com/v1alpha1',
    components: { 'gpu-operator': { values: { driver: { version: '580.105.08' }, list: [1, 2], off: false, none: null } } },
    criteria: { service: 'eks' },
    deploymentOrder: ['cert-manager'],
    kind: 'RecipeResult',
  }),
);
// An own `__proto__` / `constructor` key, as a YAML values file can produce.
Object.defineProperty(doc.components['gpu-operator'].values, '__proto__', { value: { x: 1 }, enumerable: true });
doc.components['gpu-operator'].values.constructor = { y: 2 };

describe('selectPath finds', () => {
  const rows: Array<[string, unknown]> = [
    ['criteria.service', 'eks'],
    ['.kind', 'RecipeResult'],
    ['deploymentOrder', ['cert-manager']],
    ['components.gpu-operator.values.driver', { version: '580.105.08' }],
    ['components.gpu-operator.values.driver.version', '580.105.08'],
    ['components.gpu-operator.values.off', false],
    ['components.gpu-operator.values.none', null],
    ['components.gpu-operator.values.list', [1, 2]],
  ];
  it.each(rows)('%s', (selector, expected) => {
    expect(selectPath(doc, selector)).toEqual(expected);
  });

  it.each(['', '.'])('%j returns the whole document', (selector) => {
    expect(selectPath(doc, selector)).toBe(doc);
  });
});

describe('selectPath misses → 404 NOT_FOUND', () => {
  const rows: Array<[string, RegExp]> = [
    ['nonexistent.deep.path', /key "nonexistent" not found.*available keys: apiVersion, components, criteria, deploymentOrder, kind$/],
    ['kind.x', /cannot descend into non-map value at "kind"/],
    ['deploymentOrder.0', /cannot descend into non-map value at "deploymentOrder"/],
    ['components.gpu-operator.values.list.0', /non-map/],
    ['components.gpu-operator.values.none.x', /non-map/],
    ['criteria.', /empty path segment/],
    ['criteria..service', /empty path segment/],
    ['..kind', /empty path segment/],
    ['__proto__', /key "__proto__" not found/],
    ['constructor', /key "constructor" not found/],
    ['criteria.toString', /key "toString" not found/],
    ['components.gpu-operator.values.__proto__', /key "__proto__" not found/],
    ['components.gpu-operator.values.constructor', /key "constructor" not found/],
    ['criteria.hasOwnProperty', /not found/],
  ];
  it.each(rows)('%s', (selector, error) => {
    let err: unknown;
    try {
      selectPath(doc, selector);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AicrError);
    const e = err as AicrError;
    expect([e.code, e.status, e.message]).toEqual(['NOT_FOUND', 404, 'Selector path not found']);
    expect(e.details?.selector).toBe(selector);
    expect(String(e.details?.error)).toMatch(error);
  });
});
