import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shq } from './shell-quote';

/** What bash makes of `printf '%s' <word>`: the word must come back unchanged, nothing run. */
const echoBack = (word: string) => spawnSync('bash', ['-c', `printf '%s' ${word}`], { encoding: 'utf8' }).stdout;

describe('shq', () => {
  it.each([
    ['plain', 'gpu-operator', "'gpu-operator'"],
    ['empty', '', "''"],
    ['single quote', "it's", "'it'\\''s'"],
    ['command substitution stays text', '$(id)', "'$(id)'"],
    ['backticks stay text', '`id`', "'`id`'"],
  ])('%s', (_n, input, expected) => {
    expect(shq(input)).toBe(expected);
    expect(echoBack(shq(input))).toBe(input);
  });

  it('gives bash exactly one word back for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }).map((s) => s.replace(/\0/g, '')), (s) => {
        expect(echoBack(shq(s))).toBe(s);
      }),
      { numRuns: 60 },
    );
  }, 30_000);
});
