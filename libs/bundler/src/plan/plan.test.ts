import { beforeAll, describe, expect, it } from 'vitest';
import { plan, recipeFor, SEED_HELM_BODY, SEED_RECIPE_RESPONSE, upstreamCatalog } from './test-support';

// Loading the catalog once can take seconds on a busy machine; keep it out of the first test's budget.
beforeAll(() => upstreamCatalog(), 60_000);

const EKS_TRAINING = { service: 'eks', accelerator: 'h100', intent: 'training' } as const;
const valuesOf = async (query: Record<string, string | string[]>, body: unknown, name: string) =>
  (await plan(query, body)).components.find((c) => c.ref.name === name)!.values;
const gpuOnly = { componentRefs: [{ name: 'gpu-operator', valuesFile: 'components/gpu-operator/values.yaml' }] };

describe('set overrides (BUNDLES.md §4.2)', () => {
  it.each([
    ['boolean', 'gpuoperator:gds.enabled=true', ['gds', 'enabled'], true],
    ['integer with leading zeros', 'gpuoperator:driver.maxParallelUpgrades=007', ['driver', 'maxParallelUpgrades'], 7],
    ['negative integer', 'gpu-operator:x.n=-3', ['x', 'n'], -3],
    ['float', 'gpuoperator:driver.version=580.82', ['driver', 'version'], 580.82],
    ['dotted version stays a string', 'gpuoperator:driver.version=580.105.08', ['driver', 'version'], '580.105.08'],
    ['True stays a string', 'gpuoperator:a.b=True', ['a', 'b'], 'True'],
    ['value with ":" and "="', 'gpuoperator:driver.args=a=b:c', ['driver', 'args'], 'a=b:c'],
    ['leaf replaces a map', 'gpuoperator:driver=off', ['driver'], 'off'],
  ])('%s', async (_name, set, path, expected) => {
    const values = await valuesOf({ set }, gpuOnly, 'gpu-operator');
    expect(path.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], values)).toStrictEqual(expected);
  });

  it('merges the name and its aliases; the name wins on the same path; last value per key', async () => {
    const values = await valuesOf(
      { set: ['gpuoperator:x=alias', 'gpu-operator:a=1', 'gpuoperator:b=2', 'gpu-operator:x=name', 'gpuoperator:x=alias2', 'gpu-operator:y=first', 'gpu-operator:y=last'] },
      gpuOnly,
      'gpu-operator',
    );
    expect([values.a, values.b, values.x, values.y]).toStrictEqual([1, 2, 'name', 'last']);
  });

  it('an earlier registry alias beats a later one (aws-ebs-csi-driver: ebscsidriver, awsebscsidriver)', async () => {
    const values = await valuesOf({ set: ['ebscsidriver:x=first', 'awsebscsidriver:x=second', 'awsebscsidriver:y=only'] }, { componentRefs: [{ name: 'aws-ebs-csi-driver' }] }, 'aws-ebs-csi-driver');
    expect([values.x, values.y]).toStrictEqual(['first', 'only']);
  });

  it('applies in query order: a map set after a scalar replaces it', async () => {
    const values = await valuesOf({ set: ['gpuoperator:a.b=2', 'gpuoperator:a=1'] }, gpuOnly, 'gpu-operator');
    expect(values.a).toBe(1);
  });

  it('addresses hand-written components by exact name only', async () => {
    const values = await valuesOf({ set: 'my-app:replicas=3' }, { componentRefs: [{ name: 'my-app', overrides: { image: 'x' } }] }, 'my-app');
    expect(values).toStrictEqual({ image: 'x', replicas: 3 });
  });
});

describe('enabled (BUNDLES.md §3.2)', () => {
  const body = { componentRefs: [{ name: 'gpu-operator', overrides: { enabled: false, a: 1 } }, { name: 'network-operator' }] };
  it.each([
    ['overrides.enabled false drops', {}, ['network-operator']],
    ['set enabled=true re-enables', { set: 'gpuoperator:enabled=true' }, ['gpu-operator', 'network-operator']],
    ['Go ParseBool spelling T', { set: 'gpu-operator:enabled=T' }, ['gpu-operator', 'network-operator']],
    ['set enabled=0 drops', { set: ['networkoperator:enabled=0', 'gpuoperator:enabled=true'] }, ['gpu-operator']],
    ['unparsable value is ignored', { set: 'gpu-operator:enabled=yes' }, ['network-operator']],
    ['name beats alias', { set: ['gpu-operator:enabled=1', 'gpuoperator:enabled=false'] }, ['gpu-operator', 'network-operator']],
  ])('%s', async (_name, query, names) => {
    expect((await plan(query, body)).components.map((c) => c.ref.name)).toStrictEqual(names);
  });

  it('never writes enabled: neither from set nor from inline overrides', async () => {
    const p = await plan({ set: ['gpuoperator:enabled=true', 'networkoperator:enabled=true'] }, body);
    expect(p.components.map((c) => Object.hasOwn(c.values, 'enabled'))).toStrictEqual([false, false]);
    expect(p.components[0].values.a).toBe(1);
  });
});

describe('node scheduling (BUNDLES.md §4.3) onto the registry paths', () => {
  const SEED_SCHEDULING = {
    bundlers: 'gpu-operator',
    'system-node-selector': 'nodeGroup=system',
    'system-node-toleration': 'dedicated=system:NoSchedule',
    'accelerated-node-selector': 'nvidia.com/gpu.present=true',
    'accelerated-node-toleration': 'nvidia.com/gpu=present:NoSchedule',
  };
  const sys = [{ key: 'dedicated', operator: 'Equal', value: 'system', effect: 'NoSchedule' }];
  const acc = [{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }];

  it('gpu-operator: the seed example lands on every declared path; NFD workers get tolerations only', async () => {
    const v = (await valuesOf(SEED_SCHEDULING, await recipeFor(EKS_TRAINING), 'gpu-operator')) as Record<string, any>;
    expect(v.operator.nodeSelector).toStrictEqual({ nodeGroup: 'system' });
    expect(v['node-feature-discovery'].gc.nodeSelector).toStrictEqual({ nodeGroup: 'system' });
    expect(v['node-feature-discovery'].master.nodeSelector).toStrictEqual({ nodeGroup: 'system' });
    expect(v.operator.tolerations).toStrictEqual(sys);
    expect(v['node-feature-discovery'].gc.tolerations).toStrictEqual(sys);
    expect(v['node-feature-discovery'].master.tolerations).toStrictEqual(sys);
    expect(v.daemonsets.nodeSelector).toStrictEqual({ 'nvidia.com/gpu.present': 'true' });
    expect(v.daemonsets.tolerations).toStrictEqual(acc);
    expect(v['node-feature-discovery'].worker.tolerations).toStrictEqual(acc);
    expect(v['node-feature-discovery'].worker.nodeSelector).toBeUndefined();
    // Every write is its own object: a YAML emitter must not see shared nodes (anchors).
    expect(v.operator.tolerations).not.toBe(v['node-feature-discovery'].gc.tolerations);
    expect(v.operator.resources).toBeDefined();
  });

  it.each([
    ['both classes given: accelerated wins on node.tolerations', SEED_SCHEDULING, acc, sys],
    ['no tolerations: tolerate-all default in both classes', {}, [{ operator: 'Exists' }], [{ operator: 'Exists' }]],
    ['only system given: accelerated default wins on node', { 'system-node-toleration': 'dedicated=system:NoSchedule' }, [{ operator: 'Exists' }], sys],
  ])('aws-ebs-csi-driver: %s', async (_name, query, node, controller) => {
    const v = (await valuesOf({ ...query, bundlers: 'aws-ebs-csi-driver' }, await recipeFor(EKS_TRAINING), 'aws-ebs-csi-driver')) as Record<string, any>;
    expect(v.node.tolerations).toStrictEqual(node);
    expect(v.controller.tolerations).toStrictEqual(controller);
  });

  it('Exists tolerations and PreferNoSchedule/NoExecute effects, in parameter order', async () => {
    const v = (await valuesOf({ 'accelerated-node-toleration': ['a:NoExecute', 'b=:PreferNoSchedule'] }, gpuOnly, 'gpu-operator')) as Record<string, any>;
    expect(v.daemonsets.tolerations).toStrictEqual([
      { key: 'a', operator: 'Exists', effect: 'NoExecute' },
      { key: 'b', operator: 'Equal', effect: 'PreferNoSchedule' },
    ]);
  });

  it('selectors replace what the values file had, repeated keys keep the last value', async () => {
    const v = (await valuesOf({ 'accelerated-node-selector': ['a=1', 'b=2', 'a=3'] }, gpuOnly, 'gpu-operator')) as Record<string, any>;
    expect(v.daemonsets.nodeSelector).toStrictEqual({ a: '3', b: '2' });
  });

  it('skyhook-operator: workload gate as a string, nodes as an integer; skyhook-customizations: workload selector', async () => {
    const p = await plan(
      { 'workload-gate': 'skyhook.nvidia.com=runtime-required:NoSchedule', nodes: '0008', 'workload-selector': 'app=training', bundlers: 'skyhook-operator,skyhook-customizations' },
      await recipeFor(EKS_TRAINING),
    );
    const op = p.components.find((c) => c.ref.name === 'skyhook-operator')!.values as Record<string, any>;
    const cust = p.components.find((c) => c.ref.name === 'skyhook-customizations')!.values as Record<string, any>;
    expect(op.controllerManager.manager.env.runtimeRequiredTaint).toBe('skyhook.nvidia.com=runtime-required:NoSchedule');
    expect(op.estimatedNodeCount).toBe(8);
    expect(cust.workloadSelector).toStrictEqual({ app: 'training' });
  });

  it.each([
    ['nodes=0 writes nothing', { nodes: '0' }],
    ['no nodes parameter', {}],
  ])('skyhook-operator: %s', async (_name, query) => {
    const v = await valuesOf({ ...query, bundlers: 'skyhook-operator' }, await recipeFor(EKS_TRAINING), 'skyhook-operator');
    expect(Object.hasOwn(v, 'estimatedNodeCount')).toBe(false);
  });

  it('components outside the registry are untouched', async () => {
    const v = await valuesOf({ 'system-node-selector': 'a=b' }, { componentRefs: [{ name: 'my-app' }] }, 'my-app');
    expect(v).toStrictEqual({});
  });
});

describe('bundlers filtering (API.md §8.6, BUNDLES.md §3.1)', () => {
  it('keeps the requested components, filters deploymentOrder, ignores known absent names', async () => {
    const body = await recipeFor(EKS_TRAINING);
    const p = await plan({ bundlers: ['nvsentinel,gpu-operator', 'network-operator'] }, body);
    expect(p.components.map((c) => [c.ref.name, c.index])).toStrictEqual([['gpu-operator', 0], ['nvsentinel', 1]]);
    expect(p.recipe.deploymentOrder).toStrictEqual(['gpu-operator', 'nvsentinel']);
    expect(p.recipe.componentRefs.map((r) => r.name).sort()).toStrictEqual(['gpu-operator', 'nvsentinel']);
    expect(Object.keys(p.registry).sort()).toStrictEqual(['gpu-operator', 'nvsentinel']);
  });

  it('merges the wrapper body bundlers with the query', async () => {
    const p = await plan({ bundlers: 'gpu-operator' }, { recipe: { componentRefs: [...SEED_HELM_BODY.componentRefs, { name: 'cert-manager' }] }, bundlers: ['Cert-Manager'] });
    expect(p.components.map((c) => c.ref.name)).toStrictEqual(['gpu-operator', 'cert-manager']);
  });

  it('without bundlers every component of the recipe is bundled, in deploymentOrder', async () => {
    const body = await recipeFor(EKS_TRAINING);
    const p = await plan({}, body);
    expect(p.components.map((c) => c.ref.name)).toStrictEqual(body.deploymentOrder);
    expect(p.components).toHaveLength(12);
  });
});

describe('warnings (BUNDLES.md §3.4)', () => {
  const selector = 'Without this selector, the customization will run on all nodes. Consider setting --accelerated-node-selector to target specific nodes.';
  const workload = 'This may cause skyhook to evict running training jobs. Consider setting --workload-selector to prevent eviction.';
  it.each([
    ['training, nothing given', EKS_TRAINING, {}, [workload, selector]],
    ['training, both given', EKS_TRAINING, { 'workload-selector': 'a=b', 'accelerated-node-selector': 'c=d' }, []],
    ['inference, nothing given', { service: 'eks', accelerator: 'h100', intent: 'inference' }, {}, [selector]],
    ['skyhook-customizations filtered out', EKS_TRAINING, { bundlers: 'gpu-operator' }, []],
  ] as const)('%s', async (_name, criteria, query, warnings) => {
    expect((await plan(query, await recipeFor(criteria))).warnings).toStrictEqual(warnings);
  });
});

describe('seed-shaped bodies (API.md §8.6 "Accepted body shapes")', () => {
  it('refs with only name/version/type get the registry defaults; values hold only scheduling', async () => {
    const p = await plan({}, SEED_HELM_BODY);
    expect(p.components.map((c) => c.ref)).toStrictEqual([
      { name: 'gpu-operator', namespace: 'gpu-operator', chart: 'gpu-operator', type: 'Helm', source: 'https://helm.ngc.nvidia.com/nvidia', version: 'v25.3.3' },
      { name: 'network-operator', namespace: 'nvidia-network-operator', chart: 'network-operator', type: 'Helm', source: 'https://helm.ngc.nvidia.com/nvidia', version: 'v25.4.0' },
    ]);
    expect(p.components[1].values).toStrictEqual({ operator: { tolerations: [{ operator: 'Exists' }] } });
    expect(p.recipe).toStrictEqual({
      kind: 'Recipe',
      apiVersion: 'aicr.nvidia.com/v1alpha1',
      metadata: {},
      criteria: null,
      componentRefs: p.components.map((c) => c.ref),
      deploymentOrder: [],
    });
  });

  it('the seed recipe response: order, repository, object constraints, metadata.created dropped', async () => {
    const reversed = { ...SEED_RECIPE_RESPONSE, componentRefs: [SEED_RECIPE_RESPONSE.componentRefs[1], { ...SEED_RECIPE_RESPONSE.componentRefs[0], order: 3 }] };
    const p = await plan({}, reversed);
    expect(p.components.map((c) => c.ref.name)).toStrictEqual(['network-operator', 'gpu-operator']);
    expect(p.recipe.deploymentOrder).toStrictEqual(['network-operator', 'gpu-operator']);
    expect(p.recipe.constraints).toStrictEqual([
      { name: 'driver.cudaVersion', value: '13.1' },
      { name: 'driver.version', value: '580.82.07' },
    ]);
    expect(p.recipe.metadata).toStrictEqual({ version: 'v1.0.0', appliedOverlays: ['base', 'eks', 'eks-training', 'gb200-eks-training'] });
    expect(p.recipe.kind).toBe('Recipe');
    expect(p.components[1].ref.source).toBe('https://helm.ngc.nvidia.com/nvidia');
    expect(JSON.stringify(p.recipe)).not.toMatch(/"order"|"repository"|"created"/);
  });

  it('components without order come after the ordered ones, in body order', async () => {
    const p = await plan({}, { componentRefs: [{ name: 'cert-manager' }, { name: 'gpu-operator', order: 2 }, { name: 'aws-efa' }, { name: 'network-operator', order: 1 }] });
    expect(p.components.map((c) => c.ref.name)).toStrictEqual(['network-operator', 'gpu-operator', 'cert-manager', 'aws-efa']);
  });

  it('deploymentOrder beats order; components missing from it follow alphabetically', async () => {
    const p = await plan({}, { deploymentOrder: ['gpu-operator'], componentRefs: [{ name: 'network-operator', order: 1 }, { name: 'gpu-operator' }, { name: 'cert-manager' }] });
    expect(p.components.map((c) => c.ref.name)).toStrictEqual(['gpu-operator', 'cert-manager', 'network-operator']);
    expect(p.recipe.deploymentOrder).toStrictEqual(['gpu-operator']);
  });

  it.each([
    ['KUSTOMIZE', 'Kustomize'],
    ['kustomize', 'Kustomize'],
    ['helm', 'Helm'],
    ['chart', 'Helm'],
    ['', 'Helm'],
  ])('type %s → %s', async (type, expected) => {
    const p = await plan({}, { componentRefs: [{ name: 'my-app', type }] });
    expect(p.components[0].ref.type).toBe(expected);
  });

  it('values already in the body win over registry defaults', async () => {
    const p = await plan({}, { componentRefs: [{ name: 'cert-manager', namespace: 'certs', version: 'v1.0.0', source: 'https://example.com/charts', chart: 'my-cm' }] });
    expect(p.components[0].ref).toMatchObject({ namespace: 'certs', version: 'v1.0.0', source: 'https://example.com/charts', chart: 'my-cm' });
  });
});

describe('BUNDLES.md §12 worked example', () => {
  it('plans gpu-operator only, values per §12.3, the dcgm-exporter manifest, no warnings', async () => {
    const body = await recipeFor(EKS_TRAINING);
    const p = await plan(
      {
        bundlers: 'gpu-operator',
        set: 'gpuoperator:gds.enabled=true',
        'accelerated-node-selector': 'nvidia.com/gpu.present=true',
        'accelerated-node-toleration': 'nvidia.com/gpu=present:NoSchedule',
      },
      body,
    );
    expect(p.deployer).toBe('helm');
    expect(p.warnings).toStrictEqual([]);
    expect(p.components).toHaveLength(1);
    const c = p.components[0];
    expect(c.ref).toMatchObject({ name: 'gpu-operator', type: 'Helm', source: 'https://helm.ngc.nvidia.com/nvidia', version: 'v25.10.1', namespace: 'gpu-operator', chart: 'gpu-operator' });
    const acc = [{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }];
    const exists = [{ operator: 'Exists' }];
    expect(c.values).toMatchObject({
      cdi: { default: false, enabled: true },
      daemonsets: { nodeSelector: { 'nvidia.com/gpu.present': 'true' }, tolerations: acc },
      driver: { enabled: true, maxParallelUpgrades: 5, rdma: { enabled: true }, useOpenKernelModules: true, version: '580.105.08' },
      fullnameOverride: 'gpu-operator',
      gdrcopy: { enabled: true },
      gds: { enabled: true },
      hostPaths: { driverInstallDir: '/run/nvidia/driver' },
      'node-feature-discovery': { fullnameOverride: 'node-feature-discovery', gc: { tolerations: exists }, master: { tolerations: exists }, worker: { tolerations: acc } },
      operator: { tolerations: exists, upgradeCRD: true },
      dcgm: { enabled: true },
      dcgmExporter: { serviceMonitor: { enabled: true, interval: '30s', honorLabels: true }, config: { name: 'dcgm-exporter', create: true } },
      validator: { plugin: { env: [{ name: 'WITH_WORKLOAD', value: 'false' }] } },
    });
    expect(Object.hasOwn(c.values.operator as object, 'nodeSelector')).toBe(false);
    const catalog = await upstreamCatalog();
    const source = 'components/gpu-operator/manifests/dcgm-exporter.yaml';
    expect(c.manifests).toStrictEqual([{ source, name: 'dcgm-exporter.yaml', text: catalog.files.get(source), templated: true }]);
    expect(p.recipe.componentRefs.map((r) => r.name)).toStrictEqual(['gpu-operator']);
    expect(p.recipe.deploymentOrder).toStrictEqual(['gpu-operator']);
    expect(p.recipe.criteria).toStrictEqual({ service: 'eks', accelerator: 'h100', intent: 'training', os: 'any', platform: 'any' });
    // The plan is the queue payload: plain JSON, round-trips unchanged.
    expect(JSON.parse(JSON.stringify(p))).toStrictEqual(p);
  });

  it('argocd with repo: deployer and repo carried', async () => {
    const p = await plan({ bundlers: 'gpu-operator', deployer: 'argocd', repo: 'https://github.com/my-org/my-gitops-repo.git', set: 'gpuoperator:gds.enabled=true' }, await recipeFor(EKS_TRAINING));
    expect([p.deployer, p.repo, (p.components[0].values.gds as Record<string, unknown>).enabled]).toStrictEqual(['argocd', 'https://github.com/my-org/my-gitops-repo.git', true]);
  });

  it('leaves the catalog untouched (values are fresh copies)', async () => {
    const catalog = await upstreamCatalog();
    const before = JSON.stringify([...catalog.values.entries()]);
    await plan({ set: 'gpuoperator:driver.version=1', 'accelerated-node-selector': 'a=b' }, await recipeFor(EKS_TRAINING));
    expect(JSON.stringify([...catalog.values.entries()])).toBe(before);
  });
});
