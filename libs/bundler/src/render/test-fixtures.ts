/**
 * Test helper: BundlePlans built by hand from the upstream catalog (read-only test data), until
 * the planner's `planBundle` produces real ones. The overlay merge here is deliberately simple
 * (fields overwrite, manifestFiles add up, values files and overrides deep-merge in overlay
 * order); it is not the planner and is only used to get realistic inputs.
 */
import { planAround } from '@aicr/testing';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BundleFile, BundlePlan, ComponentRef, Deployer, PlannedComponent, RegistryEntry } from '@aicr/contracts';
import { parse } from 'yaml';

export const CATALOG = '/work/shared/reference/upstream-recipes';
const REGISTRY_FILE = join(import.meta.dirname, '../../../../recipes/registry.yaml');

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function deepMerge(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObj(v) && isObj(out[k]) ? deepMerge(out[k] as Obj, v) : structuredClone(v);
  return out;
}

export function setPath(obj: Obj, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) cur = (isObj(cur[k]) ? cur[k] : (cur[k] = {})) as Obj;
  cur[keys[keys.length - 1]] = value;
}

const readYaml = (rel: string): Obj => (parse(readFileSync(join(CATALOG, rel), 'utf8')) ?? {}) as Obj;

let registryCache: Record<string, RegistryEntry> | undefined;
export function registry(): Record<string, RegistryEntry> {
  if (!registryCache) {
    const doc = parse(readFileSync(REGISTRY_FILE, 'utf8')) as { components: RegistryEntry[] };
    registryCache = Object.fromEntries(doc.components.map((c) => [c.name, c]));
  }
  return registryCache;
}

interface Merged {
  ref: ComponentRef;
  valuesFiles: string[];
}

export interface CatalogPlanOptions {
  /** Overlay names in application order, e.g. base, monitoring-hpa, eks, eks-training, h100-eks-training. */
  overlays: string[];
  deployer?: Deployer;
  /** `bundlers` filter. */
  only?: string[];
  /** Final adjustments (set, scheduling) per component. */
  values?: (name: string, values: Obj) => void;
  repo?: string;
  warnings?: string[];
  version?: string;
}

export function catalogPlan(o: CatalogPlanOptions): BundlePlan {
  const merged = new Map<string, Merged>();
  const criteria: Obj = {};
  const constraints = new Map<string, { name: string; value: string }>();
  let validation: Obj | undefined;
  for (const name of o.overlays) {
    const spec = readYaml(`overlays/${name}.yaml`).spec as Obj;
    Object.assign(criteria, spec.criteria ?? {});
    for (const c of (spec.constraints ?? []) as { name: string; value: string }[]) constraints.set(c.name, c);
    if (spec.validation) validation = spec.validation as Obj;
    for (const r of (spec.componentRefs ?? []) as ComponentRef[]) {
      const cur = merged.get(r.name) ?? { ref: { name: r.name, type: r.type, source: '' } as ComponentRef, valuesFiles: [] };
      const { overrides, manifestFiles, valuesFile, ...rest } = r;
      Object.assign(cur.ref, rest);
      if (overrides) cur.ref.overrides = deepMerge(cur.ref.overrides ?? {}, overrides);
      if (manifestFiles) cur.ref.manifestFiles = [...new Set([...(cur.ref.manifestFiles ?? []), ...manifestFiles])];
      if (valuesFile) {
        cur.ref.valuesFile = valuesFile;
        cur.valuesFiles.push(valuesFile);
      }
      merged.set(r.name, cur);
    }
  }
  // Registry defaults (BUNDLES.md §3.5).
  for (const { ref } of merged.values()) {
    const helm = registry()[ref.name]?.helm;
    ref.type = ref.type || 'Helm';
    ref.namespace ||= helm?.defaultNamespace;
    ref.chart ||= helm?.defaultChart?.split('/').pop();
    ref.source ||= helm?.defaultRepository ?? '';
    ref.version ||= helm?.defaultVersion;
  }
  const order = topoOrder([...merged.values()].map((m) => m.ref));
  const selected = order.filter((n) => !o.only || o.only.includes(n));
  const components: PlannedComponent[] = selected.map((name, index) => {
    const m = merged.get(name)!;
    let values: Obj = {};
    for (const f of m.valuesFiles) values = deepMerge(values, readYaml(f));
    const { enabled: _drop, ...overrides } = (m.ref.overrides ?? {}) as Obj;
    values = deepMerge(values, overrides);
    o.values?.(name, values);
    return {
      ref: m.ref as PlannedComponent['ref'],
      values,
      index,
      manifests: (m.ref.manifestFiles ?? []).map((source) => {
        const text = readFileSync(join(CATALOG, source), 'utf8');
        return { source, name: source.split('/').pop()!, text, templated: text.includes('{{') };
      }),
    };
  });
  return {
    deployer: o.deployer ?? 'helm',
    repo: o.repo ?? '',
    version: o.version ?? '0.1.0-test',
    recipe: {
      kind: 'RecipeResult',
      apiVersion: 'aicr.nvidia.com/v1alpha1',
      metadata: { version: 'v0.11.1', appliedOverlays: o.overlays },
      criteria: { service: 'any', accelerator: 'any', intent: 'any', os: 'any', platform: 'any', ...criteria },
      constraints: [...constraints.values()],
      componentRefs: components.map((c) => c.ref),
      deploymentOrder: selected,
      ...(validation ? { validation } : {}),
    },
    components,
    warnings: o.warnings ?? [],
    registry: Object.fromEntries(selected.filter((n) => registry()[n]).map((n) => [n, registry()[n]])),
    sourceDateEpoch: null,
  };
}

/** Dependencies first; ties broken alphabetically (stable, like a topological deploymentOrder). */
function topoOrder(refs: ComponentRef[]): string[] {
  const names = new Set(refs.map((r) => r.name));
  const deps = new Map(refs.map((r) => [r.name, (r.dependencyRefs ?? []).filter((d) => names.has(d))]));
  const done: string[] = [];
  while (done.length < refs.length) {
    const ready = [...names].filter((n) => !done.includes(n) && deps.get(n)!.every((d) => done.includes(d))).sort();
    if (ready.length === 0) throw new Error('dependency cycle');
    done.push(ready[0]);
  }
  return done;
}

/** The request of BUNDLES.md §12: eks/h100/training, bundlers=gpu-operator, set + scheduling. */
export function workedExamplePlan(deployer: Deployer = 'helm'): BundlePlan {
  const toleration = [{ effect: 'NoSchedule', key: 'nvidia.com/gpu', operator: 'Equal', value: 'present' }];
  return catalogPlan({
    overlays: ['base', 'monitoring-hpa', 'eks', 'eks-training', 'h100-eks-training'],
    only: ['gpu-operator'],
    deployer,
    values: (name, v) => {
      if (name !== 'gpu-operator') return;
      setPath(v, 'gds.enabled', true);
      setPath(v, 'daemonsets.nodeSelector', { 'nvidia.com/gpu.present': 'true' });
      setPath(v, 'daemonsets.tolerations', toleration);
      setPath(v, 'node-feature-discovery.worker.tolerations', toleration);
      setPath(v, 'node-feature-discovery.gc.tolerations', [{ operator: 'Exists' }]);
      setPath(v, 'node-feature-discovery.master.tolerations', [{ operator: 'Exists' }]);
      setPath(v, 'operator.tolerations', [{ operator: 'Exists' }]);
    },
  });
}

/** Every leaf overlay chain used by the script tests (several clouds and intents). */
export const RECIPE_CHAINS: Record<string, string[]> = {
  'eks-h100-training': ['base', 'monitoring-hpa', 'eks', 'eks-training', 'h100-eks-training'],
  'gke-h100-inference-dynamo': ['base', 'monitoring-hpa', 'gke-cos', 'gke-cos-inference', 'h100-gke-cos-inference', 'h100-gke-cos-inference-dynamo'],
  'aks-h100-training-kubeflow': ['base', 'monitoring-hpa', 'aks', 'aks-training', 'h100-aks-training', 'h100-aks-ubuntu-training', 'h100-aks-ubuntu-training-kubeflow'],
  'kind-h100-inference': ['base', 'monitoring-hpa', 'kind', 'kind-inference', 'h100-kind-inference'],
};

/** Writes bundle files under `dir` with their modes (for bash, shellcheck and sha256sum). */
export function writeFiles(dir: string, files: BundleFile[]): void {
  for (const f of files) {
    const p = join(dir, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.content, { mode: f.mode });
  }
}

/** A hand-written component (not from the catalog), with registry-normalised fields. */
export function handComponent(
  ref: Partial<ComponentRef> & { name: string },
  values: Record<string, unknown> = {},
  manifests: { name: string; text: string }[] = [],
  index = 0,
): PlannedComponent {
  return {
    ref: { type: 'Helm', source: '', ...ref } as PlannedComponent['ref'],
    values,
    index,
    manifests: manifests.map((m) => ({
      source: `components/${ref.name}/manifests/${m.name}`,
      name: m.name,
      text: m.text,
      templated: m.text.includes('{{'),
    })),
  };
}

/** A plan around hand-written components (index = position), with no criteria in its recipe. */
export function handPlan(components: PlannedComponent[], extra: Partial<BundlePlan> = {}): BundlePlan {
  const plan = planAround(components.map((c, index) => ({ ...c, index })), extra);
  return extra.recipe ? plan : { ...plan, recipe: { ...plan.recipe, metadata: { version: 'v0.11.1' }, criteria: null } };
}
