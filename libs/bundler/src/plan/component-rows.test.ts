import type { RegistryEntry } from '@aicr/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { failure, plan, recipeFor, SEED_HELM_BODY, upstreamCatalog } from './test-support';

// Loading the catalog once can take seconds on a busy machine; keep it out of the first test's budget.
beforeAll(() => upstreamCatalog(), 60_000);

const E = (message: string, details?: Record<string, unknown>) => ({
  status: 400,
  code: 'INVALID_REQUEST',
  message,
  ...(details ? { details } : {}),
});
const body400 = (error: string) => E('Invalid request body', { error });
const one = (ref: Record<string, unknown>) => ({ componentRefs: [{ name: 'gpu-operator', type: 'Helm', ...ref }] });
const NAME_RULE = 'must be a DNS-1123 label (lower-case alphanumerics and \'-\') of at most 53 characters';
const GPU = 'component "gpu-operator":';
type Row = [string, unknown, object];

// Row 14 (H17–H21).
describe('row 14: component fields', () => {
  it.each<Row>([
    ...['../x', 'a/b', 'a\\b', '.', '..', '', 'x\u0000', '/abs', 'a'.repeat(54), 'README.md', 'Gpu-Operator', '-a', 'a-'].map(
      (name) => [`name ${JSON.stringify(name)}`, { componentRefs: [{ name }] }, body400(`componentRefs[0].name ${JSON.stringify(name)}: ${NAME_RULE}`)] as Row,
    ),
    ['duplicate name', { componentRefs: [{ name: 'gpu-operator' }, { name: 'gpu-operator' }] }, body400('componentRefs[1].name: duplicate component name "gpu-operator"')],
    ['101 refs', { componentRefs: Array.from({ length: 101 }, (_, i) => ({ name: `c${i}` })) }, body400('too many componentRefs: 101 (limit 100)')],
    ['namespace with space', one({ namespace: 'gpu operator' }), body400(`${GPU} namespace "gpu operator" must be a DNS-1123 label`)],
    ['namespace $(id)', one({ namespace: '$(id)' }), body400(`${GPU} namespace "$(id)" must be a DNS-1123 label`)],
    ['version ;rm', one({ version: 'v1;rm -rf /' }), body400(`${GPU} version "v1;rm -rf /" must match ^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$`)],
    ['tag `id`', one({ tag: '`id`' }), body400(`${GPU} tag "\`id\`" must match ^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$`)],
    ['chart ..', one({ chart: 'a/../b' }), body400(`${GPU} chart "a/../b" must match ^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$ and not contain '..'`)],
    ['chart space', one({ chart: 'a b' }), body400(`${GPU} chart "a b" must match ^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$ and not contain '..'`)],
    ...['ftp://x', 'https://x/$(id)', 'https://a b', 'https://x/a;b', 'https://x/"', 'file:///etc', 'https://x|y', 'oci://x/<y>'].map(
      (source) => [`source ${JSON.stringify(source)}`, one({ source }), body400(`${GPU} source ${JSON.stringify(source)} must be an https://, http:// or oci:// URL without whitespace, quotes or shell metacharacters`)] as Row,
    ),
    ['seed repository checked as source', { componentRefs: [{ name: 'gpu-operator', repository: 'https://x/`id`' }] }, body400(`${GPU} source "https://x/\`id\`" must be an https://, http:// or oci:// URL without whitespace, quotes or shell metacharacters`)],
    ...['/abs', 'a/../b', '..', 'a b'].map(
      (path) => [`path ${JSON.stringify(path)}`, one({ type: 'Kustomize', path }), body400(`${GPU} path ${JSON.stringify(path)} must be a relative path without '..' or shell metacharacters`)] as Row,
    ),
    ...[
      'registry.yaml',
      'components/gpu-operator/../../registry.yaml',
      'components/network-operator/values.yaml',
      '/etc/passwd',
      'components/gpu-operator/values.yml',
      'components/gpu-operator/manifests/dcgm-exporter.yaml',
      'components/gpu-operator\\values.yaml',
      'components/gpu-operator/values\u0000.yaml',
    ].map((f) => [`valuesFile ${JSON.stringify(f)}`, one({ valuesFile: f }), body400(`${GPU} valuesFile ${JSON.stringify(f)} must be of the form components/gpu-operator/values*.yaml`)] as Row),
    ['valuesFile missing', one({ valuesFile: 'components/gpu-operator/values-nope.yaml' }), body400(`${GPU} valuesFile "components/gpu-operator/values-nope.yaml" does not exist in the recipe data`)],
    ...[
      'components/gpu-operator/manifests/../values.yaml',
      'components/gpu-operator/dcgm-exporter.yaml',
      'components/skyhook-customizations/manifests/tuning.yaml',
      '/components/gpu-operator/manifests/dcgm-exporter.yaml',
      'components/gpu-operator/manifests/sub/x.yaml',
    ].map((f) => [`manifestFiles ${JSON.stringify(f)}`, one({ manifestFiles: [f] }), body400(`${GPU} manifestFiles entry ${JSON.stringify(f)} must be of the form components/gpu-operator/manifests/<file>.yaml`)] as Row),
    ['manifestFiles missing', one({ manifestFiles: ['components/gpu-operator/manifests/nope.yaml'] }), body400(`${GPU} manifestFiles entry "components/gpu-operator/manifests/nope.yaml" does not exist in the recipe data`)],
    ['manifestUrls http', one({ manifestUrls: ['http://example.com/x.yaml'] }), body400(`${GPU} manifestUrls entry "http://example.com/x.yaml" must be an https:// URL`)],
    ['manifestUrls $', one({ manifestUrls: ['https://example.com/$(id).yaml'] }), body400(`${GPU} manifestUrls entry "https://example.com/$(id).yaml" contains a character that is not allowed`)],
  ])('%s', async (_name, body, expected) => {
    expect(await failure(() => plan({}, body))).toStrictEqual(expected);
  });

  it('accepts the shipped forms: own values*.yaml and manifests, 53-char names, https manifestUrls', async () => {
    const p = await plan({}, {
      componentRefs: [
        { name: 'gpu-operator', valuesFile: 'components/gpu-operator/values-eks-training.yaml', manifestFiles: ['components/gpu-operator/manifests/dcgm-exporter.yaml'], manifestUrls: ['https://example.com/crds.yaml'] },
        { name: 'a'.repeat(53), type: 'helm', source: 'oci://ghcr.io/x/y', version: '1.0.0+build.1', chart: 'x/y', namespace: 'ns-1' },
      ],
    });
    // No deploymentOrder and no seed `order`: body order (BUNDLES.md §3.3).
    expect(p.components.map((c) => c.ref.name)).toStrictEqual(['gpu-operator', 'a'.repeat(53)]);
    expect(p.components[0].ref.manifestUrls).toStrictEqual(['https://example.com/crds.yaml']);
  });
});

describe('row 14a: chart source allowlist (API.md §7.1)', () => {
  const HOSTS = [
    'aws.github.io', 'charts.example.com', 'charts.jetstack.io', 'cr.kgateway.dev', 'ghcr.io', 'helm.ngc.nvidia.com',
    'jmcgrath207.github.io', 'kubernetes-sigs.github.io', 'nvidia.github.io', 'prometheus-community.github.io',
  ];
  it.each([
    ['foreign host', 'https://evil.example.org/charts', { component: 'gpu-operator', requested: 'evil.example.org', allowed: HOSTS }],
    ['port does not matter, host is exact', 'https://sub.charts.example.com/x', { component: 'gpu-operator', requested: 'sub.charts.example.com', allowed: HOSTS }],
  ])('%s → 400', async (_name, source, details) => {
    expect(await failure(() => plan({}, one({ source }), { allowedSources: ['charts.example.com'] }))).toStrictEqual(E('chart source not allowed', details));
  });

  it.each([
    ['configured host, any case', 'https://CHARTS.example.com/x'],
    ['host from the recipe data', 'oci://ghcr.io/other/chart'],
    ['registry default (source empty)', ''],
  ])('%s passes', async (_name, source) => {
    const p = await plan({}, one({ source }), { allowedSources: ['charts.example.com'] });
    expect(p.components).toHaveLength(1);
  });

  it('is off without AICR_ALLOWED_SOURCES', async () => {
    expect((await plan({}, one({ source: 'https://evil.example.org/x' }), { allowedSources: null })).components[0].ref.source).toBe('https://evil.example.org/x');
  });
});

describe('rows 15–19: bundlers, set keys, allowlists, filtering', () => {
  const custom = { componentRefs: [...SEED_HELM_BODY.componentRefs, { name: 'my-app', source: 'https://charts.example.com' }] };

  it('row 15: an alias or unknown name is not a bundler; valid lists registry and recipe names', async () => {
    const catalog = await upstreamCatalog();
    const valid = [...new Set([...catalog.registryByName.keys(), 'my-app'])].sort();
    for (const bad of ['gpuoperator', 'nope']) {
      expect(await failure(() => plan({ bundlers: `gpu-operator,${bad}` }, custom))).toStrictEqual(
        E('Invalid bundler type', { bundler: bad, error: `unsupported bundle type: ${bad}`, valid }),
      );
    }
  });

  it.each([
    ['typo', 'gpu-operatr:a=1', 'gpu-operatr'],
    ['hyphen-stripped name is no alias', 'skyhookoperator:a=1', 'skyhookoperator'],
    ['case matters', 'GPUOPERATOR:a=1', 'GPUOPERATOR'],
  ])('row 16: %s', async (_name, set, key) => {
    expect(await failure(() => plan({ set }, SEED_HELM_BODY))).toStrictEqual(
      E('Invalid set parameter', { error: `unknown set key "${key}": not a registry component, registry alias or recipe component` }),
    );
  });

  it.each([
    ['registry component not in the bundle', 'cert-manager:a=1'],
    ['alias of a registry component not in the bundle', 'certmanager:a=1'],
    ['hand-written recipe component', 'my-app:a=1'],
  ])('row 16: %s is accepted', async (_name, set) => {
    expect((await plan({ set }, custom)).components).toHaveLength(3);
  });

  const allow = { accelerator: ['h100', 'l40'], os: ['amazonlinux'] };
  const withCriteria = (criteria: Record<string, unknown>) => ({ ...SEED_HELM_BODY, criteria });
  it.each([
    ['gb200', { accelerator: 'gb200' }, E('accelerator type not allowed', { requested: 'gb200', allowed: ['h100', 'l40'] })],
    ['unknown value reported raw', { accelerator: 'TPU-9' }, E('accelerator type not allowed', { requested: 'TPU-9', allowed: ['h100', 'l40'] })],
    ['os after accelerator', { accelerator: 'h100', os: 'rhel' }, E('OS type not allowed', { requested: 'rhel', allowed: ['amazonlinux'] })],
    ['accelerator checked first', { accelerator: 'a100', os: 'rhel' }, E('accelerator type not allowed', { requested: 'a100', allowed: ['h100', 'l40'] })],
  ])('row 17: %s', async (_name, criteria, expected) => {
    expect(await failure(() => plan({}, withCriteria(criteria), { allowlists: allow }))).toStrictEqual(expected);
  });

  it.each([
    ['normalised value', { accelerator: ' H100 ', os: 'al2' }, allow],
    ['omitted field is any', { service: 'eks' }, allow],
    ['no criteria object', null, allow],
    ['no allowlists: unknown values pass', { accelerator: 'tpu' }, {}],
  ])('row 17: %s passes', async (_name, criteria, allowlists) => {
    const body = criteria === null ? SEED_HELM_BODY : withCriteria(criteria);
    expect((await plan({}, body, { allowlists })).components).toHaveLength(2);
  });

  it('row 18: none of the requested bundlers in the recipe', async () => {
    expect(await failure(() => plan({ bundlers: 'cert-manager,kai-scheduler' }, SEED_HELM_BODY))).toStrictEqual(
      E('None of the requested bundlers are in the recipe', { requested: ['cert-manager', 'kai-scheduler'], available: ['gpu-operator', 'network-operator'] }),
    );
  });

  it.each([
    ['set enabled=false on both', { set: ['gpu-operator:enabled=false', 'networkoperator:enabled=0'] }, SEED_HELM_BODY],
    ['overrides.enabled false', {}, { componentRefs: [{ name: 'gpu-operator', overrides: { enabled: false } }] }],
    ['bundlers then enabled', { bundlers: 'gpu-operator', set: 'gpuoperator:enabled=F' }, SEED_HELM_BODY],
  ])('row 19: %s', async (_name, query, body) => {
    expect(await failure(() => plan(query, body))).toStrictEqual(E('recipe has no enabled components after filtering'));
  });
});

describe('row 20: registry validations', () => {
  it('severity error → 400 component validation failed', async () => {
    const catalog = await upstreamCatalog();
    const entry = catalog.registryByName.get('skyhook-customizations')!;
    const strict: RegistryEntry = { ...entry, validations: entry.validations!.map((v) => ({ ...v, severity: 'error' })) };
    const registryByName = new Map(catalog.registryByName).set('skyhook-customizations', strict);
    const body = await recipeFor({ service: 'eks', accelerator: 'h100', intent: 'training' });
    expect(await failure(() => plan({}, body, { catalog: { ...catalog, registryByName } }))).toStrictEqual(
      E('component validation failed', { error: `skyhook-customizations: ${entry.validations![0].message}` }),
    );
  });
});

describe('rows 21–22: values and manifests', () => {
  it('row 21: a values file that does not parse', async () => {
    const catalog = await upstreamCatalog();
    const path = 'components/gpu-operator/values-broken.yaml';
    const files = new Map(catalog.files).set(path, 'a: [1,\n');
    const result = await failure(() => plan({}, one({ valuesFile: path }), { catalog: { ...catalog, files } }));
    expect(result).toMatchObject(E('Invalid request body'));
    expect((result.details as { error: string }).error).toMatch(/^component "gpu-operator": valuesFile "components\/gpu-operator\/values-broken.yaml": cannot parse values: /);
  });

  it.each([
    ['a list', 'gpuoperator:toolkit.env.0.value=x', 'set gpuoperator:toolkit.env.0.value for component "gpu-operator": toolkit.env is a list; list indexes are not supported'],
    ['a scalar', 'gpu-operator:driver.version.major=580', 'set gpu-operator:driver.version.major for component "gpu-operator": driver.version is not a map; list indexes are not supported'],
    ['a scalar set earlier in the query', ['gpuoperator:a=1', 'gpuoperator:a.b=2'], 'set gpuoperator:a.b for component "gpu-operator": a is not a map; list indexes are not supported'],
  ])('row 21: set path through %s', async (_name, set, error) => {
    const body = one({ valuesFile: 'components/gpu-operator/values.yaml' });
    expect(await failure(() => plan({ set }, body))).toStrictEqual(E('Invalid set parameter', { error }));
  });

  it('row 22: two manifests with one basename', async () => {
    const f = 'components/gpu-operator/manifests/dcgm-exporter.yaml';
    expect(await failure(() => plan({}, one({ manifestFiles: [f, f] })))).toStrictEqual(
      body400(`component "gpu-operator": manifestFiles entries "${f}" and "${f}" both write manifests/dcgm-exporter.yaml`),
    );
  });

  it('rows are checked in table order: row 14 before 15 before 16 before 17 before 18', async () => {
    const body = { criteria: { accelerator: 'gb200' }, componentRefs: [{ name: 'gpu-operator', version: 'v1;x' }] };
    const q = { bundlers: 'nope', set: 'typo:a=1' };
    const allowlists = { accelerator: ['h100'] };
    expect((await failure(() => plan(q, body, { allowlists }))).message).toBe('Invalid request body');
    const fixed = { ...body, componentRefs: [{ name: 'gpu-operator' }] };
    expect((await failure(() => plan(q, fixed, { allowlists }))).message).toBe('Invalid bundler type');
    expect((await failure(() => plan({ ...q, bundlers: 'cert-manager' }, fixed, { allowlists }))).message).toBe('Invalid set parameter');
    expect((await failure(() => plan({ bundlers: 'cert-manager' }, fixed, { allowlists }))).message).toBe('accelerator type not allowed');
    expect((await failure(() => plan({ bundlers: 'cert-manager' }, fixed))).message).toBe('None of the requested bundlers are in the recipe');
  });
});
