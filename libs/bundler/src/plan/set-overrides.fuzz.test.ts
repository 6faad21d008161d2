/**
 * Property pass over the `set` parser (API.md §8.6 row 2, H12, H13): for any list of parameters
 * the result is a list of well-formed overrides or an AicrError 400 `Invalid set parameter`,
 * never another exception; and applying accepted overrides never touches a prototype.
 */
import { AicrError, LIMITS } from '@aicr/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSetOverrides } from './set-overrides';

const SEGMENTS = ['a', 'gds', 'enabled', 'driver', 'version', '__proto__', 'constructor', 'prototype', 'toString', '', 'x y', '$(id)', '0'];
const segment = fc.oneof(fc.constantFrom(...SEGMENTS), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 }));
const path = fc.oneof(fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => s.join('.')), fc.string({ maxLength: 300 }));
const value = fc.oneof(
  fc.constantFrom('true', 'false', '1', '-0', '007', '1e3', '1e999', 'inf', '-Infinity', 'NaN', '0x1p3', '0x1p99999', '$(touch /tmp/x)', '`id`', "'; id; '", 'a\nb', 'a=b:c', '9'.repeat(30)),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ minLength: 4090, maxLength: 4100 }),
);
const param = fc.oneof(
  fc.tuple(fc.constantFrom('gpuoperator', 'gpu-operator', '', 'x', '__proto__', 'a:b'), path, value).map(([k, p, v]) => `${k}:${p}=${v}`),
  fc.string({ maxLength: 60 }),
);

const CONTROL = /[\u0000-\u001f\u007f]/;

describe('property: parseSetOverrides', () => {
  it('well-formed overrides or 400 Invalid set parameter', () => {
    fc.assert(
      fc.property(fc.array(param, { maxLength: 6 }), (params) => {
        try {
          const out = parseSetOverrides(params);
          expect(out).toHaveLength(params.length);
          out.forEach((s, i) => {
            expect(s.position).toBe(i);
            expect(`${s.key}:${s.path}=${s.raw}`).toBe(params[i]);
            expect(s.key).not.toBe('');
            expect(s.raw).not.toBe('');
            expect(CONTROL.test(s.key + s.path + s.raw)).toBe(false);
            expect(s.path.length).toBeLessThanOrEqual(LIMITS.setPathMaxChars);
            expect(s.raw.length).toBeLessThanOrEqual(LIMITS.setValueMaxChars);
            expect(s.segments.join('.')).toBe(s.path);
            expect(s.segments.length).toBeLessThanOrEqual(LIMITS.setPathMaxSegments);
            for (const seg of s.segments) {
              expect(seg).not.toBe('');
              expect(['__proto__', 'constructor', 'prototype']).not.toContain(seg);
            }
            if (typeof s.value === 'number') expect(Number.isFinite(s.value)).toBe(true);
          });
        } catch (e) {
          if (!(e instanceof AicrError)) throw new Error(`not an AicrError: ${(e as Error)?.stack ?? String(e)}`);
          expect([e.status, e.code, e.message]).toEqual([400, 'INVALID_REQUEST', 'Invalid set parameter']);
          expect(typeof e.details?.error).toBe('string');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('more than the limit of parameters is a 400 however valid each one is', () => {
    const many = Array.from({ length: LIMITS.maxSetParams + 1 }, (_, i) => `gpuoperator:a${i}=1`);
    expect(() => parseSetOverrides(many)).toThrow(AicrError);
    expect(parseSetOverrides(many.slice(1))).toHaveLength(LIMITS.maxSetParams);
  });
});
