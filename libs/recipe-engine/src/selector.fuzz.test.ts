/**
 * Property pass over the /v1/query selector walk (API.md §8.4, H14): for any document and any
 * selector the result is the value an own-property walk reaches, or an AicrError 404 — never a
 * prototype member, never another exception.
 */
import { AicrError } from '@aicr/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectPath } from './selector';

const KEYS = ['a', 'b', 'kind', 'components', 'gpu-operator', 'values', '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'length', '0', ''];
const key = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 }));

/** JSON-like documents whose keys collide with prototype member names on purpose. */
const doc = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 0 }), fc.array(tie('node'), { maxLength: 3 }), tie('map')),
  map: fc.dictionary(key.filter((k) => k !== '__proto__'), tie('node'), { maxKeys: 4 }),
})).map;

const selector = fc.oneof(
  fc.array(key, { maxLength: 5 }).map((segs) => segs.join('.')),
  fc.array(key, { maxLength: 5 }).map((segs) => `.${segs.join('.')}`),
  fc.string({ maxLength: 30 }),
);

/** The reference walk: own keys of plain objects only. */
function expected(d: unknown, sel: string): { value: unknown } | 'miss' {
  const path = sel.startsWith('.') ? sel.slice(1) : sel;
  if (path === '') return { value: d };
  let cur = d;
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return 'miss';
    if (k === '' || ['__proto__', 'constructor', 'prototype'].includes(k) || !Object.hasOwn(cur, k)) return 'miss';
    cur = (cur as Record<string, unknown>)[k];
  }
  return { value: cur };
}

describe('property: selectPath', () => {
  it('returns exactly the own-property walk, or a 404 AicrError', () => {
    fc.assert(
      fc.property(doc, selector, (d, sel) => {
        const want = expected(d, sel);
        try {
          const got = selectPath(d, sel);
          expect(want).not.toBe('miss');
          expect(got).toBe((want as { value: unknown }).value);
          expect(typeof got).not.toBe('function');
          expect(got).not.toBe(Object.prototype);
        } catch (e) {
          if (!(e instanceof AicrError)) throw new Error(`not an AicrError: ${(e as Error)?.stack ?? String(e)}`);
          expect(want).toBe('miss');
          expect(e.status).toBe(404);
          expect(e.code).toBe('NOT_FOUND');
          expect(e.message).toBe('Selector path not found');
          expect(e.details?.selector).toBe(sel);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('prototype member names are misses on any object', () => {
    for (const sel of ['__proto__', 'constructor', 'prototype', 'toString', 'a.__proto__', 'a.constructor.name', 'a.hasOwnProperty']) {
      expect(() => selectPath({ a: { b: 1 } }, sel)).toThrow(AicrError);
    }
  });
});
