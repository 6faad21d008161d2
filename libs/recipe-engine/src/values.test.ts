import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type Catalog } from './catalog';
import { componentValues, deepMerge } from './values';
import { writeCatalog } from './tiny-catalog.fixture';

describe('deepMerge', () => {
  const rows: Array<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]> = [
    ['maps recurse', { a: { b: 1, c: 2 } }, { a: { c: 3, d: 4 } }, { a: { b: 1, c: 3, d: 4 } }],
    ['lists are replaced', { l: [1, 2] }, { l: [] }, { l: [] }],
    ['null is stored, not deleted', { a: { emptyDir: { medium: '' } } }, { a: { emptyDir: null } }, { a: { emptyDir: null } }],
    ['a scalar replaces a map', { a: { b: 1 } }, { a: 'x' }, { a: 'x' }],
    ['a map replaces a scalar', { a: 'x' }, { a: { b: 1 } }, { a: { b: 1 } }],
    ['empty source changes nothing', { a: 1 }, {}, { a: 1 }],
  ];
  it.each(rows)('%s', (_name, dst, src, expected) => {
    expect(deepMerge(dst, src)).toEqual(expected);
  });

  it('never aliases or changes its inputs', () => {
    const dst = { a: { b: [1] }, keep: { x: 1 } };
    const src = { a: { c: { d: 1 } }, n: [{ e: 1 }] };
    const out = deepMerge(dst, src);
    expect(dst).toEqual({ a: { b: [1] }, keep: { x: 1 } });
    expect(src).toEqual({ a: { c: { d: 1 } }, n: [{ e: 1 }] });
    expect(out.keep).not.toBe(dst.keep);
    expect((out.a as Record<string, unknown>).c).not.toBe(src.a.c);
    expect((out.n as unknown[])[0]).not.toBe(src.n[0]);
  });

  it('skips __proto__, constructor and prototype keys', () => {
    const src = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"x": 1}, "prototype": 1, "nested": {"__proto__": {"p": 1}}, "ok": 1}');
    const out = deepMerge({}, src);
    expect(Object.keys(out)).toEqual(['nested', 'ok']);
    expect(Object.keys(out.nested as object)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});

describe('componentValues (RECIPES.md §6)', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = await loadCatalog(await writeCatalog());
  });
  const fail = (path: string, problem: string): never => {
    throw new Error(`${path}|${problem}`);
  };

  const rows: Array<[string, { name: string; valuesFile?: string; overrides?: Record<string, unknown> }, Record<string, unknown>]> = [
    ['neither file nor overrides', { name: 'alpha' }, {}],
    ['the default file', { name: 'alpha', valuesFile: 'components/alpha/values.yaml' }, { replicas: 1, image: { repository: 'example/alpha', tag: 'latest' }, list: ['a', 'b'] }],
    ['a variant over the default', { name: 'alpha', valuesFile: 'components/alpha/values-eks.yaml' }, { replicas: 1, image: { repository: 'example/alpha', tag: 'latest' }, list: [], storage: null }],
    ['overrides over the files', { name: 'alpha', valuesFile: 'components/alpha/values.yaml', overrides: { image: { tag: '2' }, extra: true } }, { replicas: 1, image: { repository: 'example/alpha', tag: '2' }, list: ['a', 'b'], extra: true }],
    ['overrides alone', { name: 'beta', overrides: { a: 1 } }, { a: 1 }],
    ['a variant with no default values.yaml', { name: 'beta', valuesFile: 'components/alpha/values-eks.yaml' }, { list: [], storage: null }],
  ];
  it.each(rows)('%s', (_name, ref, expected) => {
    expect(componentValues(catalog, ref, fail)).toEqual(expected);
  });

  it('returns fresh objects each time (the parsed file is never aliased)', () => {
    const a = componentValues(catalog, { name: 'alpha', valuesFile: 'components/alpha/values.yaml' }, fail);
    (a.image as Record<string, unknown>).tag = 'mutated';
    const b = componentValues(catalog, { name: 'alpha', valuesFile: 'components/alpha/values.yaml' }, fail);
    expect((b.image as Record<string, unknown>).tag).toBe('latest');
  });

  it('a missing file goes to onFileError', () => {
    expect(() => componentValues(catalog, { name: 'alpha', valuesFile: 'components/alpha/values-nope.yaml' }, fail)).toThrow(
      'components/alpha/values-nope.yaml|file not found in the recipe data',
    );
  });

  it('a file that is not a values file is parsed on demand and reported when it does not parse', () => {
    expect(() => componentValues(catalog, { name: 'alpha', valuesFile: 'components/alpha/manifests/extra.yaml' }, fail)).toThrow(
      /components\/alpha\/manifests\/extra\.yaml\|cannot parse values/,
    );
  });
});
