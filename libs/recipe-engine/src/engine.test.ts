import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thrownAicrError } from '@aicr/testing';
import { rm } from 'node:fs/promises';
import { Value } from 'typebox/value';
import { ACCELERATORS, ANY, ANY_CRITERIA, INTENTS, OPERATING_SYSTEMS, PLATFORMS, RecipeResult, SERVICES, type Criteria } from '@aicr/contracts';
import { loadCatalog, type Catalog } from './catalog';
import { RecipeEngine } from './engine';
import type { RecipeMetadata } from './recipe-metadata';
import { writeCatalog } from './tiny-catalog.fixture';

const UPSTREAM = '/work/shared/reference/upstream-recipes';
const c = (over: Partial<Criteria>): Criteria => ({ ...ANY_CRITERIA, ...over });

let upstream: Catalog;
let tiny: Catalog;
let tinyDir: string;
beforeAll(async () => {
  tinyDir = await writeCatalog();
  [upstream, tiny] = await Promise.all([loadCatalog(UPSTREAM), loadCatalog(tinyDir)]);
});
afterAll(() => rm(tinyDir, { recursive: true, force: true }));

function* everyCriteria(): Generator<Criteria> {
  for (const service of [ANY, ...SERVICES])
    for (const accelerator of [ANY, ...ACCELERATORS])
      for (const intent of [ANY, ...INTENTS])
        for (const os of [ANY, ...OPERATING_SYSTEMS])
          for (const platform of [ANY, ...PLATFORMS]) yield { service, accelerator, intent, os, platform, nodes: 0 } as Criteria;
}

describe('no state leaks between requests (RECIPES.md §9)', () => {
  it('eks/h100/training/ubuntu then service=eks equals a fresh engine', () => {
    const engine = new RecipeEngine(upstream);
    const first = engine.resolve(c({ service: 'eks', accelerator: 'h100', intent: 'training', os: 'ubuntu' }));
    expect(first.validation?.performance).toBeDefined();
    engine.hydrate(c({ service: 'eks', accelerator: 'h100', intent: 'training', os: 'ubuntu' }));
    const after = engine.resolve(c({ service: 'eks' }));
    const fresh = new RecipeEngine(upstream).resolve(c({ service: 'eks' }));
    expect(after).toEqual(fresh);
    expect(after.validation).toEqual({ conformance: { checks: ['platform-health', 'gpu-operator-health', 'dra-support', 'accelerator-metrics', 'ai-service-metrics'] } });
  });

  it('every enum combination answers like a fresh engine, and matches the contract schema', () => {
    const shared = new RecipeEngine(upstream, { cacheSize: 8 });
    const all = [...everyCriteria()];
    expect(all).toHaveLength(1620);
    for (const criteria of [...all, ...all.reverse()]) {
      const got = shared.resolve(criteria);
      expect(got).toEqual(new RecipeEngine(upstream).resolve(criteria));
    }
    for (const criteria of all.slice(0, 200)) expect(Value.Check(RecipeResult, shared.resolve(criteria))).toBe(true);
  });
});

describe('caching', () => {
  it('returns the identical frozen object for the same criteria', () => {
    const engine = new RecipeEngine(upstream);
    const a = engine.resolve(c({ service: 'eks', intent: 'training' }));
    expect(engine.resolve(c({ service: 'eks', intent: 'training' }))).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.componentRefs[0])).toBe(true);
    expect(() => (a.componentRefs as unknown[]).push(1)).toThrow(TypeError);
    const h = engine.hydrate(c({ service: 'eks' }));
    expect(engine.hydrate(c({ service: 'eks' }))).toBe(h);
    expect(Object.isFrozen(h.components['gpu-operator'].values)).toBe(true);
  });

  it('resultCacheSize 0: equal, frozen answers built anew each time, sharing the cached overlay-level parts', () => {
    const engine = new RecipeEngine(upstream, { resultCacheSize: 0 });
    const criteria = c({ service: 'eks', accelerator: 'h100', intent: 'training', os: 'ubuntu' });
    const a = engine.resolve(criteria);
    const b = engine.resolve(criteria);
    expect(b).not.toBe(a);
    expect(b).toEqual(a);
    expect(a).toEqual(new RecipeEngine(upstream).resolve(criteria));
    expect(Object.isFrozen(b) && Object.isFrozen(b.metadata) && Object.isFrozen(b.criteria)).toBe(true);
    expect(b.componentRefs).toBe(a.componentRefs);
    // The other caches keep their size: hydrated recipes are still shared.
    expect(engine.hydrate(criteria)).toBe(engine.hydrate(criteria));
  });

  it('a bounded cache still answers the same after eviction', () => {
    const engine = new RecipeEngine(upstream, { cacheSize: 1 });
    const a = engine.resolve(c({ service: 'eks' }));
    engine.resolve(c({ service: 'gke' }));
    expect(engine.resolve(c({ service: 'eks' }))).toEqual(a);
  });

  it('nodes is echoed only when non-zero and never changes the overlays', () => {
    const engine = new RecipeEngine(upstream);
    const zero = engine.resolve(c({ service: 'eks' }));
    const eight = engine.resolve(c({ service: 'eks', nodes: 8 }));
    expect('nodes' in zero.criteria).toBe(false);
    expect(eight.criteria.nodes).toBe(8);
    expect(eight.componentRefs).toEqual(zero.componentRefs);
    expect(engine.hydrate(c({ service: 'eks', nodes: 8 })).criteria.nodes).toBe(8);
    expect(engine.hydrate(c({ service: 'eks' })).criteria.nodes).toBe(0);
  });

  it('refuses criteria that are not normalised', () => {
    const e = thrownAicrError(() => new RecipeEngine(upstream).resolve(c({ service: 'EKS' as never })));
    expect(e.code).toBe('INVALID_REQUEST');
  });
});

describe('RecipeResult shape (RECIPES.md §8.1)', () => {
  it('emits top-level and metadata keys in order', () => {
    const r = new RecipeEngine(upstream, { version: '0.11.1' }).resolve(c({ service: 'eks' }));
    expect(Object.keys(r)).toEqual(['kind', 'apiVersion', 'metadata', 'criteria', 'constraints', 'componentRefs', 'deploymentOrder', 'validation']);
    expect(Object.keys(r.metadata)).toEqual(['version', 'appliedOverlays']);
    expect(Object.keys(r.criteria)).toEqual(['service', 'accelerator', 'intent', 'os', 'platform']);
    expect(Object.keys(r.componentRefs.find((x) => x.name === 'gpu-operator')!)).toEqual(['name', 'namespace', 'chart', 'type', 'source', 'version', 'valuesFile', 'dependencyRefs', 'manifestFiles']);
  });

  it('omits metadata.version when empty', () => {
    const r = new RecipeEngine(tiny, { version: '' }).resolve(c({}));
    expect(Object.keys(r.metadata)).toEqual(['appliedOverlays']);
  });

  it('tiny catalog: registry defaults, manifestUrls after manifestFiles, phases in struct order', () => {
    const r = new RecipeEngine(tiny, { version: 'dev' }).resolve(c({ service: 'eks', intent: 'training' }));
    expect(r.metadata.appliedOverlays).toEqual(['base', 'eks', 'eks-training']);
    expect(r.constraints).toEqual([{ name: 'K8s.server.version', value: '>= 1.30' }]);
    expect(r.componentRefs).toEqual([
      { name: 'alpha', namespace: 'alpha-ns', chart: 'alpha', type: 'Helm', source: 'https://charts.example.com', version: '2.55.0', valuesFile: 'components/alpha/values-eks.yaml', overrides: { image: { tag: '1.0' } } },
      { name: 'beta', type: 'Helm', source: 'https://charts.example.com', version: '1.10', dependencyRefs: ['alpha'] },
      {
        name: 'gamma',
        type: 'Kustomize',
        source: 'https://github.com/example/gamma',
        tag: 'v1',
        manifestUrls: ['https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.1/standard-install.yaml'],
        path: 'deploy',
      },
    ]);
    expect(Object.keys(r.componentRefs[2])).toEqual(['name', 'type', 'source', 'tag', 'manifestUrls', 'path']);
    expect(r.deploymentOrder).toEqual(['alpha', 'beta', 'gamma']);
    expect(Object.keys(r.validation!)).toEqual(['readiness', 'conformance']);
  });
});

describe('hydrated recipe (RECIPES.md §7)', () => {
  const sortedEverywhere = (v: unknown): boolean => {
    if (Array.isArray(v)) return v.every(sortedEverywhere);
    if (typeof v !== 'object' || v === null) return true;
    const keys = Object.keys(v);
    return keys.join('\0') === [...keys].sort().join('\0') && keys.every((k) => sortedEverywhere((v as Record<string, unknown>)[k]));
  };

  it('has sorted keys at every level and the documented fields', () => {
    const h = new RecipeEngine(upstream, { version: '0.11.1' }).hydrate(c({ service: 'eks', accelerator: 'h100', intent: 'training' }));
    expect(sortedEverywhere(h)).toBe(true);
    expect(Object.keys(h)).toEqual(['apiVersion', 'components', 'constraints', 'criteria', 'deploymentOrder', 'kind', 'metadata']);
    expect(h.metadata).toEqual({
      appliedOverlays: ['base', 'monitoring-hpa', 'eks', 'eks-training', 'h100-eks-training'],
      constraintWarnings: null,
      excludedOverlays: null,
      version: '0.11.1',
    });
    expect(h.criteria).toEqual({ accelerator: 'h100', intent: 'training', nodes: 0, os: 'any', platform: 'any', service: 'eks' });
    const gpu = h.components['gpu-operator'];
    expect(Object.keys(gpu)).toEqual(['chart', 'dependencyRefs', 'name', 'namespace', 'source', 'type', 'values', 'version']);
    for (const comp of Object.values(h.components)) {
      expect(Object.keys(comp).filter((k) => ['valuesFile', 'overrides', 'manifestFiles', 'manifestUrls'].includes(k))).toEqual([]);
    }
    expect('validation' in h).toBe(false);
  });

  it('leaves constraints out when there are none and manifestUrls out always', async () => {
    const dir = await writeCatalog({ 'overlays/base.yaml': 'kind: RecipeMetadata\nmetadata: {name: base}\nspec:\n  componentRefs:\n    - {name: gamma}\n', 'overlays/eks-training.yaml': null });
    try {
      const engine = new RecipeEngine(await loadCatalog(dir));
      const h = engine.hydrate(c({ service: 'eks' }));
      expect('constraints' in h).toBe(false);
      expect(h.components.gamma).toEqual({ name: 'gamma', path: 'deploy', source: 'https://github.com/example/gamma', tag: 'v1', type: 'Kustomize' });
      expect(engine.resolve(c({ service: 'eks' })).componentRefs.find((x) => x.name === 'gamma')?.manifestUrls).toHaveLength(1);
      expect(thrownAicrError(() => engine.query(c({ service: 'eks' }), 'components.gamma.manifestUrls')).code).toBe('NOT_FOUND');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('query walks the hydrated recipe', () => {
    const engine = new RecipeEngine(tiny);
    expect(engine.query(c({ service: 'eks' }), 'components.alpha.values')).toEqual({ replicas: 1, image: { repository: 'example/alpha', tag: '1.0' }, list: [], storage: null });
    expect(engine.query(c({ service: 'eks' }), 'criteria.service')).toBe('eks');
    const e = thrownAicrError(() => engine.query(c({}), 'nonexistent.deep.path'));
    expect([e.code, e.message]).toEqual(['NOT_FOUND', 'Selector path not found']);
  });
});

describe('data defects met at request time', () => {
  const withOverlay = (catalog: Catalog, overlay: RecipeMetadata): Catalog => ({
    ...catalog,
    overlays: new Map([...catalog.overlays, [overlay.metadata.name, overlay]]),
    chains: new Map([...catalog.chains, [overlay.metadata.name, [overlay.metadata.name]]]),
  });

  it('a broken dependency is 500 Failed to build recipe', () => {
    const broken = withOverlay(tiny, {
      kind: 'RecipeMetadata',
      apiVersion: '',
      metadata: { name: 'bad' },
      spec: { base: '', criteria: { service: 'gke', accelerator: '', intent: '', os: '', platform: '', nodes: 0 }, constraints: [], componentRefs: [{ name: 'alpha', type: 'Helm', source: '', dependencyRefs: ['nope'] }] },
      file: 'overlays/bad.yaml',
    });
    const e = thrownAicrError(() => new RecipeEngine(broken).resolve(c({ service: 'gke' })));
    expect([e.code, e.status, e.message]).toEqual(['INTERNAL_ERROR', 500, 'Failed to build recipe']);
    expect(String(e.details?.error)).toMatch(/"nope"/);
  });

  it('a missing values file is 500 Failed to hydrate recipe', () => {
    const files = new Map(tiny.files);
    files.delete('components/alpha/values-eks.yaml');
    const values = new Map(tiny.values);
    values.delete('components/alpha/values-eks.yaml');
    const engine = new RecipeEngine({ ...tiny, files, values });
    expect(engine.resolve(c({ service: 'eks' })).componentRefs[0].valuesFile).toBe('components/alpha/values-eks.yaml');
    const e = thrownAicrError(() => engine.hydrate(c({ service: 'eks' })));
    expect([e.code, e.status, e.message]).toEqual(['INTERNAL_ERROR', 500, 'Failed to hydrate recipe']);
    expect(String(e.details?.error)).toMatch(/components\/alpha\/values-eks\.yaml/);
  });

  it('an unparsable values file is 500 Failed to hydrate recipe', () => {
    const files = new Map(tiny.files);
    files.set('components/alpha/values-eks.yaml', 'a: [1\n');
    const values = new Map(tiny.values);
    values.delete('components/alpha/values-eks.yaml');
    const e = thrownAicrError(() => new RecipeEngine({ ...tiny, files, values }).query(c({ service: 'eks' }), ''));
    expect([e.code, e.message]).toEqual(['INTERNAL_ERROR', 'Failed to hydrate recipe']);
  });
});
