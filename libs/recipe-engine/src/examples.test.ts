import { beforeAll, describe, expect, it } from 'vitest';
import type { Criteria } from '@aicr/contracts';
import { loadCatalog, type Catalog } from './catalog';
import { RecipeEngine } from './engine';
import { parseCriteriaQuery } from './criteria';

// RECIPES.md §10 worked examples A–F against upstream's catalog (read in place, never copied).
const UPSTREAM = '/work/shared/reference/upstream-recipes';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog(UPSTREAM);
});

const q = (query: Record<string, string>): Criteria => parseCriteriaQuery(query, 'Invalid recipe criteria');

type Row = [name: string, version: string | undefined, source: string, namespace: string | undefined, valuesFile: string | undefined, deps: string[] | undefined];

const NGC = 'https://helm.ngc.nvidia.com/nvidia';
const PROM = 'https://prometheus-community.github.io/helm-charts';
const v = (c: string) => `components/${c}/values.yaml`;
const COMMON: Record<string, Row> = {
  'cert-manager': ['cert-manager', 'v1.17.2', 'https://charts.jetstack.io', 'cert-manager', v('cert-manager'), undefined],
  'gpu-operator': ['gpu-operator', 'v25.10.1', NGC, 'gpu-operator', v('gpu-operator'), ['cert-manager', 'kube-prometheus-stack']],
  'k8s-ephemeral-storage-metrics': ['k8s-ephemeral-storage-metrics', '1.19.2', 'https://jmcgrath207.github.io/k8s-ephemeral-storage-metrics/chart', 'monitoring', v('k8s-ephemeral-storage-metrics'), ['kube-prometheus-stack']],
  'kai-scheduler': ['kai-scheduler', 'v0.13.0', 'oci://ghcr.io/nvidia/kai-scheduler', 'kai-scheduler', v('kai-scheduler'), ['gpu-operator']],
  'kube-prometheus-stack': ['kube-prometheus-stack', '82.8.0', PROM, 'monitoring', v('kube-prometheus-stack'), undefined],
  'nvidia-dra-driver-gpu': ['nvidia-dra-driver-gpu', '25.12.0', NGC, 'nvidia-dra-driver', v('nvidia-dra-driver-gpu'), ['gpu-operator']],
  nvsentinel: ['nvsentinel', 'v1.1.0', 'oci://ghcr.io/nvidia', 'nvsentinel', v('nvsentinel'), ['cert-manager', 'gpu-operator']],
  'prometheus-adapter': ['prometheus-adapter', '5.3.0', PROM, 'monitoring', v('prometheus-adapter'), ['kube-prometheus-stack']],
  'skyhook-operator': ['skyhook-operator', 'v0.14.0', `${NGC}/skyhook`, 'skyhook', v('skyhook-operator'), undefined],
  'aws-ebs-csi-driver': ['aws-ebs-csi-driver', '2.55.0', 'https://kubernetes-sigs.github.io/aws-ebs-csi-driver', 'kube-system', v('aws-ebs-csi-driver'), undefined],
  'aws-efa': ['aws-efa', 'v0.5.3', 'https://aws.github.io/eks-charts', 'kube-system', v('aws-efa'), undefined],
  'skyhook-customizations': ['skyhook-customizations', undefined, '', 'skyhook', undefined, ['skyhook-operator']],
};
const gpuOp = (valuesFile: string, extraDep = true): Row => [
  'gpu-operator', 'v25.10.1', NGC, 'gpu-operator', valuesFile,
  extraDep ? ['cert-manager', 'kube-prometheus-stack', 'skyhook-customizations'] : ['cert-manager', 'kube-prometheus-stack'],
];
const rows = (...names: Array<string | Row>): Row[] => names.map((n) => (typeof n === 'string' ? COMMON[n] : n));

interface Example {
  name: string;
  query: Record<string, string>;
  applied: string[];
  echo: Record<string, string>;
  constraints: Array<[string, string]>;
  order: string[];
  refs: Row[];
  values: Array<[selector: string, expected: unknown]>;
  validation?: unknown;
}

const A_REFS = rows('cert-manager', 'gpu-operator', 'k8s-ephemeral-storage-metrics', 'kai-scheduler', 'kube-prometheus-stack', 'nvidia-dra-driver-gpu', 'nvsentinel', 'prometheus-adapter', 'skyhook-operator');
const B_REFS = rows('aws-ebs-csi-driver', 'aws-efa', ...A_REFS.map((r) => r[0]));
const C_REFS = rows('aws-ebs-csi-driver', 'aws-efa', 'cert-manager', gpuOp('components/gpu-operator/values-eks-training.yaml'), 'k8s-ephemeral-storage-metrics', 'kai-scheduler', 'kube-prometheus-stack', 'nvidia-dra-driver-gpu', 'nvsentinel', 'prometheus-adapter', 'skyhook-customizations', 'skyhook-operator');
const C_ORDER = ['aws-ebs-csi-driver', 'aws-efa', 'cert-manager', 'kube-prometheus-stack', 'k8s-ephemeral-storage-metrics', 'prometheus-adapter', 'skyhook-operator', 'skyhook-customizations', 'gpu-operator', 'kai-scheduler', 'nvidia-dra-driver-gpu', 'nvsentinel'];
const C_VALUES: Example['values'] = [
  ['components.gpu-operator.values.cdi', { enabled: true, default: false }],
  ['components.gpu-operator.values.gdrcopy', { enabled: true }],
  ['components.gpu-operator.values.hostPaths', { driverInstallDir: '/run/nvidia/driver' }],
  ['components.skyhook-customizations.values', { service: 'eks', accelerator: 'h100', intent: 'multiNodeTraining' }],
];
const EKS_VALIDATION = { conformance: { checks: ['platform-health', 'gpu-operator-health', 'dra-support', 'accelerator-metrics', 'ai-service-metrics'] } };
const echo = (service: string, accelerator: string, intent: string, os: string, platform: string) => ({ service, accelerator, intent, os, platform });

const EXAMPLES: Example[] = [
  {
    name: 'A (no parameters)',
    query: {},
    applied: ['base', 'monitoring-hpa'],
    echo: echo('any', 'any', 'any', 'any', 'any'),
    constraints: [['K8s.server.version', '>= 1.25']],
    order: ['cert-manager', 'kube-prometheus-stack', 'gpu-operator', 'k8s-ephemeral-storage-metrics', 'kai-scheduler', 'nvidia-dra-driver-gpu', 'nvsentinel', 'prometheus-adapter', 'skyhook-operator'],
    refs: A_REFS,
    values: [
      ['components.gpu-operator.values.driver.version', '580.105.08'],
      ['components.kube-prometheus-stack.values.prometheus.prometheusSpec.storageSpec', { emptyDir: { medium: '', sizeLimit: '10Gi' } }],
    ],
    validation: undefined,
  },
  {
    name: 'B service=eks',
    query: { service: 'eks' },
    applied: ['base', 'monitoring-hpa', 'eks'],
    echo: echo('eks', 'any', 'any', 'any', 'any'),
    constraints: [['K8s.server.version', '>= 1.28']],
    order: ['aws-ebs-csi-driver', 'aws-efa', 'cert-manager', 'kube-prometheus-stack', 'gpu-operator', 'k8s-ephemeral-storage-metrics', 'kai-scheduler', 'nvidia-dra-driver-gpu', 'nvsentinel', 'prometheus-adapter', 'skyhook-operator'],
    refs: B_REFS,
    values: [
      ['components.kube-prometheus-stack.values.prometheus.prometheusSpec.storageSpec', { emptyDir: null, volumeClaimTemplate: { spec: { storageClassName: 'gp2', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } } } } }],
      ['components.nvidia-dra-driver-gpu.values.controller', { priorityClassName: '', affinity: { nodeAffinity: null } }],
    ],
    validation: EKS_VALIDATION,
  },
  {
    name: 'C service=eks&accelerator=h100&intent=training',
    query: { service: 'eks', accelerator: 'h100', intent: 'training' },
    applied: ['base', 'monitoring-hpa', 'eks', 'eks-training', 'h100-eks-training'],
    echo: echo('eks', 'h100', 'training', 'any', 'any'),
    constraints: [['K8s.server.version', '>= 1.32.4']],
    order: C_ORDER,
    refs: C_REFS,
    values: C_VALUES,
    validation: EKS_VALIDATION,
  },
  {
    name: 'D service=gke&os=cos&accelerator=h100&intent=training',
    query: { service: 'gke', os: 'cos', accelerator: 'h100', intent: 'training' },
    applied: ['base', 'monitoring-hpa', 'gke-cos', 'gke-cos-training', 'h100-gke-cos-training'],
    echo: echo('gke', 'h100', 'training', 'cos', 'any'),
    constraints: [['K8s.server.version', '>= 1.32']],
    order: ['cert-manager', 'kube-prometheus-stack', 'k8s-ephemeral-storage-metrics', 'prometheus-adapter', 'skyhook-operator', 'skyhook-customizations', 'gpu-operator', 'gke-nccl-tcpxo', 'kai-scheduler', 'nvidia-dra-driver-gpu', 'nvsentinel'],
    refs: rows('cert-manager', ['gke-nccl-tcpxo', undefined, '', undefined, undefined, ['gpu-operator']], gpuOp('components/gpu-operator/values-gke-cos-training.yaml'), 'k8s-ephemeral-storage-metrics', 'kai-scheduler', 'kube-prometheus-stack', 'nvidia-dra-driver-gpu', 'nvsentinel', 'prometheus-adapter', 'skyhook-customizations', 'skyhook-operator'),
    values: [
      ['components.gpu-operator.values.driver', { version: '580.105.08', enabled: false, useOpenKernelModules: true, maxParallelUpgrades: 5, rdma: { enabled: true } }],
      ['components.gpu-operator.values.cdi', { enabled: true, default: true }],
      ['components.gke-nccl-tcpxo', { name: 'gke-nccl-tcpxo', type: 'Helm', source: '', dependencyRefs: ['gpu-operator'] }],
    ],
  },
  {
    name: 'E service=kind&accelerator=h100&intent=inference&platform=dynamo',
    query: { service: 'kind', accelerator: 'h100', intent: 'inference', platform: 'dynamo' },
    applied: ['base', 'monitoring-hpa', 'kind', 'kind-inference', 'h100-kind-inference', 'h100-kind-inference-dynamo'],
    echo: echo('kind', 'h100', 'inference', 'any', 'dynamo'),
    constraints: [['K8s.server.version', '>= 1.34']],
    order: ['cert-manager', 'dynamo-crds', 'kgateway-crds', 'kgateway', 'kube-prometheus-stack', 'gpu-operator', 'k8s-ephemeral-storage-metrics', 'kai-scheduler', 'dynamo-platform', 'network-operator', 'nvidia-dra-driver-gpu', 'nvsentinel', 'prometheus-adapter', 'skyhook-operator'],
    refs: rows(
      'cert-manager',
      ['dynamo-crds', '0.9.0', `${NGC}/ai-dynamo`, 'dynamo-system', v('dynamo-crds'), undefined],
      ['dynamo-platform', '0.9.0', `${NGC}/ai-dynamo`, 'dynamo-system', v('dynamo-platform'), ['dynamo-crds', 'cert-manager', 'kube-prometheus-stack', 'kai-scheduler']],
      'gpu-operator', 'k8s-ephemeral-storage-metrics', 'kai-scheduler',
      ['kgateway', 'v2.0.0', 'oci://cr.kgateway.dev/kgateway-dev/charts', 'kgateway-system', v('kgateway'), ['kgateway-crds', 'cert-manager']],
      ['kgateway-crds', 'v2.0.0', 'oci://cr.kgateway.dev/kgateway-dev/charts', 'kgateway-system', v('kgateway-crds'), undefined],
      'kube-prometheus-stack',
      ['network-operator', '25.1.0', NGC, 'nvidia-network-operator', v('network-operator'), ['cert-manager']],
      'nvidia-dra-driver-gpu', 'nvsentinel', 'prometheus-adapter', 'skyhook-operator',
    ),
    values: [
      ['components.gpu-operator.values.driver', { version: '580.105.08', enabled: false, useOpenKernelModules: true, maxParallelUpgrades: 5, rdma: { enabled: false } }],
      ['components.kube-prometheus-stack.values.prometheus.prometheusSpec.resources.limits', { cpu: 1, memory: '1Gi' }],
      ['components.dynamo-platform.values.etcd.persistence', { storageClass: 'standard' }],
    ],
  },
  {
    name: 'F service=eks&accelerator=h100&intent=training&os=rhel',
    query: { service: 'eks', accelerator: 'h100', intent: 'training', os: 'rhel' },
    applied: ['base', 'monitoring-hpa', 'eks', 'eks-training', 'h100-eks-training'],
    echo: echo('eks', 'h100', 'training', 'rhel', 'any'),
    constraints: [['K8s.server.version', '>= 1.32.4']],
    order: C_ORDER,
    refs: C_REFS,
    values: C_VALUES,
    validation: EKS_VALIDATION,
  },
];

describe.each(EXAMPLES)('RECIPES.md §10 example $name', (ex) => {
  const engine = () => new RecipeEngine(catalog, { version: '0.11.1' });

  it('resolves overlays, criteria echo, constraints and deploymentOrder', () => {
    const r = engine().resolve(q(ex.query));
    expect(r.kind).toBe('RecipeResult');
    expect(r.apiVersion).toBe('aicr.nvidia.com/v1alpha1');
    expect(r.metadata).toEqual({ version: '0.11.1', appliedOverlays: ex.applied });
    expect(r.criteria).toEqual(ex.echo);
    expect(r.constraints?.map((c) => [c.name, c.value])).toEqual(ex.constraints);
    expect(r.deploymentOrder).toEqual(ex.order);
    if ('validation' in ex) expect(r.validation).toEqual(ex.validation);
  });

  it('lists the components with their versions, sources, namespaces, values files and dependencies', () => {
    const r = engine().resolve(q(ex.query));
    const actual = r.componentRefs.map((c): Row => [c.name, c.version, c.source, c.namespace, c.valuesFile, c.dependencyRefs]);
    expect(actual).toEqual(ex.refs);
    for (const c of r.componentRefs) expect(c.type).toBe('Helm');
  });

  it.each(ex.values)('hydrates %s', (selector, expected) => {
    expect(engine().query(q(ex.query), selector)).toEqual(expected);
  });
});

describe('example details from the notes', () => {
  it('A: gpu-operator carries the base manifest; no overrides anywhere', () => {
    const r = new RecipeEngine(catalog).resolve(q({}));
    const gpu = r.componentRefs.find((c) => c.name === 'gpu-operator')!;
    expect(gpu.manifestFiles).toEqual(['components/gpu-operator/manifests/dcgm-exporter.yaml']);
    expect(gpu.chart).toBe('gpu-operator');
    expect(r.componentRefs.filter((c) => c.overrides)).toEqual([]);
    expect('validation' in r).toBe(false);
  });

  it('C: skyhook-customizations is sparse and gpu-operator keeps the override', () => {
    const r = new RecipeEngine(catalog).resolve(q({ service: 'eks', accelerator: 'h100', intent: 'training' }));
    const sky = r.componentRefs.find((c) => c.name === 'skyhook-customizations')!;
    expect(sky).toEqual({
      name: 'skyhook-customizations',
      namespace: 'skyhook',
      type: 'Helm',
      source: '',
      overrides: { service: 'eks', accelerator: 'h100', intent: 'multiNodeTraining' },
      dependencyRefs: ['skyhook-operator'],
      manifestFiles: ['components/skyhook-customizations/manifests/tuning.yaml'],
    });
    expect(Object.keys(sky)).toEqual(['name', 'namespace', 'type', 'source', 'overrides', 'dependencyRefs', 'manifestFiles']);
    expect(r.componentRefs.find((c) => c.name === 'gpu-operator')!.overrides).toEqual({ cdi: { enabled: true }, gdrcopy: { enabled: true } });
  });

  it('D: gke-nccl-tcpxo is sparse, gpu-operator manifests are the ordered union, validation from the leaf', () => {
    const r = new RecipeEngine(catalog).resolve(q({ service: 'gke', os: 'cos', accelerator: 'h100', intent: 'training' }));
    const nccl = r.componentRefs.find((c) => c.name === 'gke-nccl-tcpxo')!;
    expect(Object.keys(nccl)).toEqual(['name', 'type', 'source', 'dependencyRefs', 'manifestFiles']);
    expect(r.componentRefs.find((c) => c.name === 'gpu-operator')!.manifestFiles).toEqual([
      'components/gpu-operator/manifests/dcgm-exporter.yaml',
      'components/gpu-operator/manifests/gke-resource-quota.yaml',
    ]);
    expect(Object.keys(r.validation!)).toEqual(['performance', 'conformance']);
    expect((r.validation!.conformance as { checks: string[] }).checks).toHaveLength(10);
    expect(r.validation!.performance).toEqual({ checks: ['nccl-all-reduce-bw'], constraints: [{ name: 'nccl-all-reduce-bw', value: '>= 250' }] });
  });

  it('the §8.3 no-match request still gets base and monitoring-hpa', () => {
    const r = new RecipeEngine(catalog).resolve(q({ service: 'oke', accelerator: 'a100', intent: 'training', os: 'rhel' }));
    expect(r.metadata.appliedOverlays).toEqual(['base', 'monitoring-hpa']);
  });

  it('accelerator alone matches no hardware overlay (matching is asymmetric)', () => {
    const r = new RecipeEngine(catalog).resolve(q({ accelerator: 'h100' }));
    expect(r.metadata.appliedOverlays).toEqual(['base', 'monitoring-hpa']);
  });

  it('GET alias example of API.md §8.2 (EKS, gpu=h100) equals example C', () => {
    const engine = new RecipeEngine(catalog, { version: '0.11.1' });
    const viaAlias = engine.resolve(q({ service: 'EKS', gpu: 'h100', intent: 'training' }));
    expect(viaAlias).toEqual(engine.resolve(q({ service: 'eks', accelerator: 'h100', intent: 'training' })));
  });
});
