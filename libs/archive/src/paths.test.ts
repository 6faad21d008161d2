import { describe, expect, it } from 'vitest';
import { assertSafePath, compareBytes, directoryEntries } from './paths';

describe('directoryEntries', () => {
  it.each([
    [[], []],
    [['README.md'], []],
    [['a/b/c.txt', 'a/d.txt'], ['a/', 'a/b/']],
    [['kgateway/x', 'kgateway-crds/y'], ['kgateway-crds/', 'kgateway/']],
    [['z/1', 'a/1', 'a/1b/2'], ['a/', 'a/1b/', 'z/']],
  ])('%j → %j', (paths, want) => {
    expect(directoryEntries(paths)).toEqual(want);
  });
});

describe('compareBytes', () => {
  it.each([
    ['gpu-operator/', 'gpu-operator/README.md', -1],
    ['kgateway-crds/', 'kgateway/', -1],
    ['Z', 'a', -1],
    ['é', 'z', 1],
    ['a', 'a', 0],
  ])('%j vs %j', (a, b, want) => {
    expect(Math.sign(compareBytes(a, b))).toBe(want);
  });
});

describe('assertSafePath', () => {
  it.each(['README.md', 'gpu-operator/manifests/dcgm-exporter.yaml', 'a-b_c.d/e'])('accepts %j', (p) => {
    expect(() => assertSafePath(p)).not.toThrow();
  });
});
