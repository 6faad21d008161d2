// Parity of our own catalog (recipes/) with upstream's (NVIDIA AICR v0.11.1, kept read-only in
// shared/reference/upstream-recipes/): for the criteria of every upstream overlay, and for no
// criteria at all, both catalogs must give the same recipe and the same hydrated values.
// The one intended difference: kgateway-crds applies the Gateway API and Inference Extension
// CRDs from their release URLs (manifestUrls) instead of vendored manifestFiles.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANY, type ComponentRef, type Criteria, type RecipeResult } from '@aicr/contracts';
import { parse, parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, RecipeEngine } from './index';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const OURS = join(REPO, 'recipes');
const UPSTREAM = resolve(process.env.AICR_UPSTREAM_RECIPES_DIR ?? join(REPO, '..', 'shared', 'reference', 'upstream-recipes'));

const KGATEWAY_CRD_URLS = [
  'https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.1/standard-install.yaml',
  'https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v1.3.0/manifests.yaml',
];
const VENDORED_KGATEWAY_CRDS = [
  'components/kgateway-crds/manifests/gateway-api-crds.yaml',
  'components/kgateway-crds/manifests/inference-extension-crds.yaml',
];

/** Fields of a componentRef that must match one for one. */
const REF_FIELDS = ['type', 'source', 'version', 'namespace', 'chart', 'valuesFile', 'dependencyRefs'] as const;

interface Case {
  label: string;
  criteria: Criteria;
}

/** The criteria of each upstream overlay, read from its YAML (unset fields = any), plus no criteria. */
function upstreamCases(): Case[] {
  const none: Criteria = { service: ANY, accelerator: ANY, intent: ANY, os: ANY, platform: ANY, nodes: 0 } as Criteria;
  const cases: Case[] = [{ label: '(no criteria)', criteria: none }];
  const dir = join(UPSTREAM, 'overlays');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as {
      metadata: { name: string };
      spec?: { criteria?: Record<string, unknown> };
    };
    const c = doc.spec?.criteria;
    if (!c) continue; // base.yaml
    const field = (k: string) => (typeof c[k] === 'string' && c[k] !== '' ? (c[k] as string) : ANY);
    cases.push({
      label: doc.metadata.name,
      criteria: {
        service: field('service'),
        accelerator: field('accelerator'),
        intent: field('intent'),
        os: field('os'),
        platform: field('platform'),
        nodes: typeof c.nodes === 'number' ? c.nodes : 0,
      } as Criteria,
    });
  }
  return cases;
}

if (!existsSync(join(UPSTREAM, 'overlays')) || !existsSync(join(UPSTREAM, 'registry.yaml'))) {
  // The comparison is the point of this file: a missing reference copy is a broken setup, not a pass.
  throw new Error(`upstream catalog not found at ${UPSTREAM}; set AICR_UPSTREAM_RECIPES_DIR`);
}

describe('recipes/ catalog parity with upstream AICR v0.11.1', () => {
  const cases = upstreamCases();
  let upstream: RecipeEngine;
  let ours: RecipeEngine;

  beforeAll(async () => {
    upstream = new RecipeEngine(await loadCatalog(UPSTREAM), { version: 'test' });
    ours = new RecipeEngine(await loadCatalog(OURS), { version: 'test' });
  });

  it('covers every upstream overlay (37) plus the no-criteria request', () => {
    expect(cases.length).toBe(38);
  });

  it.each(cases.map((c) => [c.label, c] as const))('%s: same recipe', (_label, { criteria }) => {
    const a: RecipeResult = upstream.resolve(criteria);
    const b: RecipeResult = ours.resolve(criteria);

    expect(b.metadata.appliedOverlays).toEqual(a.metadata.appliedOverlays);
    expect(b.criteria).toEqual(a.criteria);
    expect(b.deploymentOrder).toEqual(a.deploymentOrder);
    expect(b.constraints).toEqual(a.constraints);
    expect(b.validation).toEqual(a.validation);
    expect(b.componentRefs.map((r) => r.name)).toEqual(a.componentRefs.map((r) => r.name));

    const byName = new Map<string, ComponentRef>(b.componentRefs.map((r) => [r.name, r]));
    for (const up of a.componentRefs) {
      const mine = byName.get(up.name)!;
      for (const field of REF_FIELDS) expect(mine[field], `${up.name}.${field}`).toEqual(up[field]);
      if (up.name === 'kgateway-crds') {
        expect(up.manifestFiles).toEqual(VENDORED_KGATEWAY_CRDS);
        expect(mine.manifestFiles ?? []).toEqual([]);
        expect(mine.manifestUrls).toEqual(KGATEWAY_CRD_URLS);
      } else {
        expect(mine.manifestFiles, `${up.name}.manifestFiles`).toEqual(up.manifestFiles);
        expect(mine.manifestUrls, `${up.name}.manifestUrls`).toBeUndefined();
      }
    }
  });

  it.each(cases.map((c) => [c.label, c] as const))('%s: same hydrated values', (_label, { criteria }) => {
    const a = upstream.hydrate(criteria);
    const b = ours.hydrate(criteria);
    expect(Object.keys(b.components)).toEqual(Object.keys(a.components));
    expect(b.deploymentOrder).toEqual(a.deploymentOrder);
    for (const [name, up] of Object.entries(a.components)) {
      expect(b.components[name]?.values, `${name}.values`).toEqual(up.values);
      // Strict JSON identity too: toEqual would let `undefined` stand in for a missing key.
      expect(JSON.stringify(b.components[name]?.values), `${name}.values (JSON)`).toBe(JSON.stringify(up.values));
    }
  });

  it('registry.yaml: same components and the same bundle-time fields', () => {
    // healthCheck (upstream's checks/ is not shipped), upstream's ignored manifest.defaultNamespace
    // and the wording of validation messages may differ; everything else the bundler reads must not.
    const read = (dir: string) => {
      const doc = parse(readFileSync(join(dir, 'registry.yaml'), 'utf8')) as { components: Array<Record<string, unknown>> };
      return Object.fromEntries(
        doc.components.map((c) => {
          const { healthCheck: _h, manifest: _m, ...rest } = c;
          const validations = (rest.validations as Array<Record<string, unknown>> | undefined)?.map(({ message, ...v }) => {
            expect(typeof message === 'string' && message.length > 0, `${String(c.name)}: validation message`).toBe(true);
            return v;
          });
          return [c.name as string, validations ? { ...rest, validations } : rest];
        }),
      );
    };
    const a = read(UPSTREAM);
    const b = read(OURS);
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const name of Object.keys(a)) expect(b[name], name).toEqual(a[name]);
  });

  it('plain (template-free) manifests describe the same objects as upstream', () => {
    const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d != null);
    const checked: string[] = [];
    for (const component of readdirSync(join(OURS, 'components'))) {
      const dir = join(OURS, 'components', component, 'manifests');
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir)) {
        const rel = `components/${component}/manifests/${file}`;
        const text = readFileSync(join(OURS, rel), 'utf8');
        if (text.includes('{{')) continue; // templates: rendered by the bundler, not here
        expect(docs(text), rel).toEqual(docs(readFileSync(join(UPSTREAM, rel), 'utf8')));
        checked.push(rel);
      }
    }
    expect(checked.length).toBeGreaterThan(0);
  });

  it('every manifestFiles entry of our catalog exists', () => {
    const missing: string[] = [];
    const dir = join(OURS, 'overlays');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      const doc = parse(readFileSync(join(dir, file), 'utf8')) as { spec?: { componentRefs?: Array<{ manifestFiles?: string[] }> } };
      for (const ref of doc.spec?.componentRefs ?? []) {
        for (const path of ref.manifestFiles ?? []) if (!existsSync(join(OURS, path))) missing.push(`${file}: ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
