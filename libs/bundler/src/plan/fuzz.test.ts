import { AicrError } from '@aicr/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBundleQuery } from './query-params';
import { decodeRecipeBody } from './recipe-body';

// Whatever the client sends, the validator answers with an AicrError 400, never another throw.
const only400 = (fn: () => unknown): boolean => {
  try {
    fn();
    return true;
  } catch (e) {
    return e instanceof AicrError && e.status === 400;
  }
};

const PARAMS = ['set', 'system-node-selector', 'accelerated-node-selector', 'system-node-toleration', 'accelerated-node-toleration', 'deployer', 'repo', 'workload-gate', 'workload-selector', 'nodes', 'bundlers'];

describe('property: query and body validation fail only with 400 AicrErrors', () => {
  it('any query values', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...PARAMS), fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 4 }))), (q) => only400(() => parseBundleQuery(q))),
      { numRuns: 500 },
    );
    expect(only400(() => parseBundleQuery({ set: 'x' }))).toBe(true);
  });

  it('any JSON value or text as a body', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (text) => only400(() => decodeRecipeBody(text))),
      { numRuns: 500 },
    );
    expect(only400(() => decodeRecipeBody('{'))).toBe(true);
  });

  it('set values type consistently: booleans, finite numbers or the text itself', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s)), (v) => {
        try {
          const [s] = parseBundleQuery({ set: `gpuoperator:a=${v}` }).sets;
          return typeof s.value === 'boolean' || (typeof s.value === 'number' && Number.isFinite(s.value)) || s.value === v;
        } catch (e) {
          return e instanceof AicrError && String(e.details?.error).includes('not a finite number');
        }
      }),
      { numRuns: 500 },
    );
    expect(parseBundleQuery({ set: 'gpuoperator:a=1' }).sets[0].value).toBe(1);
  });
});
