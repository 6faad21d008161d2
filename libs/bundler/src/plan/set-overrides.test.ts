import { describe, expect, it } from 'vitest';
import { parseGoBool, parseSetOverrides, typeSetValue } from './set-overrides';

describe('typeSetValue (BUNDLES.md §4.2 upstream typing)', () => {
  it.each([
    ['true', true],
    ['false', false],
    ['True', 'True'],
    ['yes', 'yes'],
    ['on', 'on'],
    ['007', 7],
    ['-12', -12],
    ['+5', 5],
    ['9223372036854775807', 9223372036854775807],
    ['99999999999999999999', 1e20],
    ['1.5', 1.5],
    ['580.82', 580.82],
    ['1.10', 1.1],
    ['1e7', 1e7],
    ['1.', 1],
    ['.5', 0.5],
    ['0x1p4', 16],
    ['0x10', '0x10'],
    ['580.105.08', '580.105.08'],
    ['v25.3.3', 'v25.3.3'],
    ['30s', '30s'],
    ['a:b=c', 'a:b=c'],
  ])('%s → %o', (raw, expected) => {
    expect(typeSetValue(raw)).toStrictEqual(expected);
  });

  it.each([['inf'], ['-Inf'], ['nan'], ['NaN'], ['infinity'], ['1e999']])('%s types as a non-finite number', (raw) => {
    const v = typeSetValue(raw);
    expect(typeof v === 'number' && !Number.isFinite(v)).toBe(true);
  });
});

describe('parseSetOverrides', () => {
  it('splits at the first ":" and the first "=", keeping ":" and "=" in the value', () => {
    const [s] = parseSetOverrides(['gpuoperator:driver.args=a=b:c']);
    expect(s).toStrictEqual({ key: 'gpuoperator', path: 'driver.args', segments: ['driver', 'args'], raw: 'a=b:c', value: 'a=b:c', position: 0 });
  });

  it('keeps query positions', () => {
    expect(parseSetOverrides(['a:x=1', 'b:y=2']).map((s) => s.position)).toStrictEqual([0, 1]);
  });
});

describe('parseGoBool (Go strconv.ParseBool spellings)', () => {
  it.each([
    ['1', true], ['t', true], ['T', true], ['TRUE', true], ['true', true], ['True', true],
    ['0', false], ['f', false], ['F', false], ['FALSE', false], ['false', false], ['False', false],
    ['yes', null], ['tRuE', null], ['', null],
  ])('%s → %o', (raw, expected) => {
    expect(parseGoBool(raw)).toBe(expected);
  });
});
