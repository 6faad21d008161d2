import { afterAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CatalogError, defaultRecipesDir, loadCatalog } from './catalog';
import { writeCatalog } from './tiny-catalog.fixture';
import { CATALOG_YAML_OPTIONS } from './yaml-options';

const UPSTREAM = '/work/shared/reference/upstream-recipes';
const dirs: string[] = [];
const tiny = async (changes: Record<string, string | null> = {}) => {
  const dir = await writeCatalog(changes);
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const overlay = (name: string, body: string) => `kind: RecipeMetadata
apiVersion: aicr.nvidia.com/v1alpha1
metadata:
  name: ${name}
spec:
${body}`;

describe('loadCatalog on the shipped data', () => {
  it('classifies files per RECIPES.md §1.1', async () => {
    const c = await loadCatalog(UPSTREAM);
    expect(c.overlays.size).toBe(37);
    expect(c.overlays.has('monitoring-hpa')).toBe(true);
    expect(c.overlays.has('aicr-validators')).toBe(false);
    expect(c.base.metadata.name).toBe('base');
    expect(c.registry.components).toHaveLength(19);
    expect(c.registryByName.get('gpu-operator')?.helm?.defaultChart).toBe('nvidia/gpu-operator');
    expect(c.files.has('components/gpu-operator/values-eks-training.yaml')).toBe(true);
    expect(c.files.has('components/gpu-operator/manifests/dcgm-exporter.yaml')).toBe(true);
    expect([...c.files.keys()].some((p) => p.startsWith('checks/'))).toBe(false);
    expect(c.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps string fields as written (YAML typing §1.5)', async () => {
    const c = await loadCatalog(UPSTREAM);
    const dra = c.base.spec.componentRefs.find((r) => r.name === 'nvidia-dra-driver-gpu')!;
    expect(dra.version).toBe('25.12.0');
    expect(c.registryByName.get('aws-ebs-csi-driver')?.helm?.defaultVersion).toBe('2.55.0');
  });

  it('freezes what it loaded', async () => {
    const c = await loadCatalog(UPSTREAM);
    expect(Object.isFrozen(c.base.spec.componentRefs[0])).toBe(true);
    expect(Object.isFrozen(c.values.get('components/gpu-operator/values.yaml'))).toBe(true);
  });

  it('hashes content: the same bytes give the same hash', async () => {
    const [a, b] = await Promise.all([loadCatalog(UPSTREAM), loadCatalog(UPSTREAM)]);
    expect(a.contentHash).toBe(b.contentHash);
  });
});

describe('loadCatalog on a tiny catalog', () => {
  it('reads number-looking strings as text and ignores checks/ and manifests', async () => {
    const c = await loadCatalog(await tiny());
    const beta = c.base.spec.componentRefs.find((r) => r.name === 'beta')!;
    expect(beta.version).toBe('1.10');
    expect(c.base.spec.componentRefs.find((r) => r.name === 'alpha')!.version).toBe('2.55.0');
    expect(c.registryByName.get('alpha')?.helm?.defaultVersion).toBe('1.10');
    expect(c.overlays.get('eks')!.spec.componentRefs[0].overrides).toEqual({ image: { tag: '1.0' } });
    expect(c.values.get('components/alpha/values.yaml')).toEqual({ replicas: 1, image: { repository: 'example/alpha', tag: 'latest' }, list: ['a', 'b'] });
    expect(c.files.get('components/alpha/manifests/extra.yaml')).toContain('{{ .Release.Name }}');
    expect(c.chains.get('eks-training')).toEqual(['eks', 'eks-training']);
  });

  it('a changed file changes the hash', async () => {
    const a = await loadCatalog(await tiny());
    const b = await loadCatalog(await tiny({ 'components/alpha/values.yaml': 'replicas: 2\n' }));
    expect(a.contentHash).not.toBe(b.contentHash);
  });

  it('a later duplicate overlay name replaces the earlier one (upstream rule 5)', async () => {
    const c = await loadCatalog(await tiny({ 'overlays/zz-eks.yaml': overlay('eks', '  criteria:\n    service: eks\n') }));
    expect(c.overlays.get('eks')!.file).toBe('overlays/zz-eks.yaml');
  });

  it('refuses a missing directory', async () => {
    await expect(loadCatalog(join(await tiny(), 'nope'))).rejects.toThrow(CatalogError);
  });
});

const BROKEN: Array<[string, Record<string, string | null>, string, RegExp]> = [
  ['bad YAML in an overlay', { 'overlays/eks.yaml': 'kind: RecipeMetadata\nmetadata: [unclosed\n' }, 'overlays/eks.yaml', /invalid YAML/],
  ['duplicate keys', { 'overlays/eks.yaml': 'kind: RecipeMetadata\nkind: RecipeMetadata\n' }, 'overlays/eks.yaml', /invalid YAML/],
  ['missing base.yaml', { 'overlays/base.yaml': null }, 'overlays/base.yaml', /missing/],
  ['missing registry.yaml', { 'registry.yaml': null }, 'registry.yaml', /missing/],
  ['unknown spec.base', { 'overlays/x.yaml': overlay('x', '  base: nowhere\n  criteria:\n    service: gke\n') }, 'overlays/x.yaml', /unknown overlay "nowhere"/],
  [
    'spec.base cycle',
    { 'overlays/p.yaml': overlay('p', '  base: q\n'), 'overlays/q.yaml': overlay('q', '  base: p\n') },
    'overlays/',
    /spec\.base cycle/,
  ],
  [
    'dependency cycle in base',
    { 'overlays/base.yaml': overlay('base', '  componentRefs:\n    - {name: alpha, dependencyRefs: [beta]}\n    - {name: beta, dependencyRefs: [alpha]}\n') },
    'overlays/base.yaml',
    /dependency cycle/,
  ],
  [
    'base dependency on an absent component',
    { 'overlays/base.yaml': overlay('base', '  componentRefs:\n    - {name: alpha, dependencyRefs: [gamma]}\n') },
    'overlays/base.yaml',
    /depends on "gamma"/,
  ],
  [
    'dependency cycle created by an overlay',
    { 'overlays/cyc.yaml': overlay('cyc', '  criteria:\n    service: aks\n  componentRefs:\n    - {name: alpha, dependencyRefs: [beta]}\n') },
    'overlays/cyc.yaml',
    /dependency cycle among components: alpha, beta/,
  ],
  [
    'missing valuesFile',
    { 'overlays/v.yaml': overlay('v', '  criteria:\n    service: gke\n  componentRefs:\n    - {name: alpha, valuesFile: components/alpha/values-gone.yaml}\n') },
    'overlays/v.yaml',
    /missing file components\/alpha\/values-gone\.yaml/,
  ],
  [
    'missing manifestFiles entry',
    { 'overlays/m.yaml': overlay('m', '  criteria:\n    service: gke\n  componentRefs:\n    - {name: alpha, manifestFiles: [components/alpha/manifests/gone.yaml]}\n') },
    'overlays/m.yaml',
    /missing file/,
  ],
  ['unparsable values file', { 'components/alpha/values-eks.yaml': 'a: [1\n' }, 'components/alpha/values-eks.yaml', /invalid values file/],
  ['values file that is a list', { 'components/alpha/values-eks.yaml': '- 1\n' }, 'components/alpha/values-eks.yaml', /not a mapping/],
  [
    'manifestUrls over http',
    { 'overlays/u.yaml': overlay('u', '  criteria:\n    service: gke\n  componentRefs:\n    - {name: gamma, manifestUrls: ["http://example.com/x.yaml"]}\n') },
    'overlays/u.yaml',
    /https/,
  ],
  [
    'manifestUrls with a shell character',
    { 'overlays/u.yaml': overlay('u', '  criteria:\n    service: gke\n  componentRefs:\n    - {name: gamma, manifestUrls: ["https://example.com/x.yaml;rm"]}\n') },
    'overlays/u.yaml',
    /not allowed/,
  ],
  ['component not in the registry', { 'overlays/r.yaml': overlay('r', '  criteria:\n    service: gke\n  componentRefs:\n    - {name: delta}\n') }, 'overlays/r.yaml', /not in registry\.yaml/],
  ['non-canonical overlay criteria', { 'overlays/c.yaml': overlay('c', '  criteria:\n    service: EKS\n') }, 'overlays/c.yaml', /spec\.criteria\.service "EKS"/],
  ['a list where a string belongs', { 'overlays/eks.yaml': overlay('eks', '  componentRefs:\n    - {name: [alpha]}\n') }, 'overlays/eks.yaml', /name must be a string/],
  ['registry with a duplicate component', { 'registry.yaml': 'components:\n  - name: alpha\n  - name: alpha\n' }, 'registry.yaml', /listed twice/],
  ['overlay named base', { 'overlays/b2.yaml': overlay('base', '  criteria:\n    service: gke\n') }, 'overlays/b2.yaml', /reserved/],
];

describe('broken catalogs are refused with the file named', () => {
  it.each(BROKEN)('%s', async (_name, changes, file, problem) => {
    const dir = await tiny(changes);
    const err = await loadCatalog(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CatalogError);
    expect((err as Error).message).toContain(join(dir, file));
    expect((err as Error).message).toMatch(problem);
  });
});

describe('catalog helpers', () => {
  it('defaultRecipesDir honours AICR_RECIPES_DIR, else the repo recipes/ folder', () => {
    const saved = process.env.AICR_RECIPES_DIR;
    try {
      process.env.AICR_RECIPES_DIR = '/tmp/some-catalog';
      expect(defaultRecipesDir()).toBe('/tmp/some-catalog');
      delete process.env.AICR_RECIPES_DIR;
      expect(defaultRecipesDir()).toBe(join(__dirname, '..', '..', '..', 'recipes'));
    } finally {
      if (saved === undefined) delete process.env.AICR_RECIPES_DIR;
      else process.env.AICR_RECIPES_DIR = saved;
    }
  });

  it('exports the YAML options it parses with', () => {
    expect(CATALOG_YAML_OPTIONS).toMatchObject({ version: '1.2', schema: 'core', uniqueKeys: true, maxAliasCount: 100 });
  });
});
