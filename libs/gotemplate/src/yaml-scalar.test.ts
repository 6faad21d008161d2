import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toYamlText } from './to-yaml';
import { formatGoFloat, goText, truth } from './values';
import { doubleQuote, isPlainSafe, stringScalar } from './yaml-scalar';

describe('isPlainSafe', () => {
  it.each([
    'gpu-operator',
    '25.10.1',
    'v1.2.3',
    'nvcr.io/nvidia/k8s/dcgm-exporter:4.1.1-ubuntu22.04',
    'https://helm.ngc.nvidia.com/nvidia',
    'nvidia.com/gpu.present',
    'Helm',
    'multiNodeTraining',
    'a b c',
    'issue-5',
    '4000m',
    '8192Mi',
    'é-ok',
  ])('plain: %j', (s) => {
    expect(isPlainSafe(s)).toBe(true);
    expect(parse(`k: ${s}`).k).toBe(s);
  });

  it.each([
    '', ' x', 'x ', 'true', 'False', 'yes', 'Y', 'n', 'on', 'OFF', 'null', '~', '1', '-1', '1.0', '.5', '1e3', '0x1F', '0o17', '0755',
    '1_000', '12:30:00', '.inf', '-.Inf', '.NaN', '2024-01-01', '2024-1-1T00:00:00Z', 'a: b', 'a:', '- a', '-a', '? a', ': a',
    '# a', 'a #b', '&a', '*a', '!a', '|', '>', '%a', '@a', '`a', '"a"', "'a'", '[a]', '{a}', 'a,b', 'a\nb', 'a\tb', 'a\u2028b',
    'a\u0085b', '\ufeffa', '---', '...', '<<', '=', 'a\\b',
  ])('quoted: %j', (s) => {
    expect(isPlainSafe(s)).toBe(false);
    expect(parse(`k: ${stringScalar(s)}`).k).toBe(s);
    expect(parse(`k: ${stringScalar(s)}`, { version: '1.1' }).k).toBe(s);
  });

  it('double quotes never hold a raw line break', () => {
    const all = Array.from({ length: 0x3000 }, (_, i) => String.fromCharCode(i)).join('');
    const q = doubleQuote(all);
    expect(q).not.toMatch(/[\n\r\u0085\u2028\u2029]/);
    expect(parse(`k: ${q}`).k).toBe(all.replace(/[\ud800-\udfff]/g, (c) => c)); // lone surrogates aside
  });
});

describe('toYamlText', () => {
  it.each([
    [null, 'null'],
    ['x', 'x'],
    ['true', '"true"'],
    [5, '5'],
    [[], '[]'],
    [{}, '{}'],
    [{ b: 1, a: 'x' }, 'a: x\nb: 1'],
    [{ 'nvidia.com/gpu.present': 'true' }, 'nvidia.com/gpu.present: "true"'],
    [[{ key: 'k', operator: 'Exists' }], '- key: k\n  operator: Exists'],
    [{ l: ['a', 'b'] }, 'l:\n- a\n- b'],
    [{ m: { n: { o: 1 } } }, 'm:\n  "n":\n    o: 1'], // n is a YAML 1.1 bool
    [{ a: [{ b: { c: 1 }, d: [1] }] }, 'a:\n- b:\n    c: 1\n  d:\n  - 1'],
    [[['a'], [], {}], '- - a\n- []\n- {}'],
    [{ s: 'line1\nline2' }, 's: "line1\\nline2"'],
    [{ 'a: b': 1 }, '"a: b": 1'],
    [{ B: 1, a: 2, _: 3, '1': 4 }, '"1": 4\nB: 1\n_: 3\na: 2'], // byte-wise key order
  ])('%j', (v, want) => {
    expect(toYamlText(v)).toBe(want);
    expect(parse(want)).toEqual(v);
  });

  it('uses explicit keys beyond the implicit-key limit', () => {
    const v = { ['k'.repeat(1500)]: { a: 1 }, x: ['y'] };
    expect(parse(toYamlText(v))).toEqual(v);
  });

  it('rejects cycles', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => toYamlText(a)).toThrow('cycle');
  });
});

describe('Go values', () => {
  it.each([
    [0.5, '0.5'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [123456.5, '123456.5'],
    [1234567.5, '1.2345675e+06'],
    [1e21 + 0.5, '1e+21'],
    [-2.5e-7, '-2.5e-07'],
    [Infinity, '+Inf'],
    [NaN, 'NaN'],
  ])('float %d → %s', (n, want) => {
    expect(formatGoFloat(n)).toBe(want);
  });

  it.each([
    [null, '<nil>'],
    [true, 'true'],
    [42, '42'],
    [2 ** 60, '1.152921504606847e+18'],
    ['s', 's'],
    [[1, null, 'a'], '[1 <nil> a]'],
    [{ b: [1], a: { c: true } }, 'map[a:map[c:true] b:[1]]'],
  ])('goText %j', (v, want) => {
    expect(goText(v)).toBe(want);
  });

  it.each([
    [null, false],
    [undefined, false],
    [false, false],
    [0, false],
    ['', false],
    [[], false],
    [{}, false],
    [true, true],
    [-1, true],
    ['0', true],
    [[0], true],
    [{ a: null }, true],
  ])('truth %j', (v, want) => {
    expect(truth(v)).toBe(want);
  });
});
