/**
 * Synthetic but valid catalogs for the scaling runs, written into a temp dir.
 *
 * `scaledCatalog(copies)`: our catalog (recipes/) copied `copies` times. Criteria values are a
 * closed set (service, accelerator, intent, os, platform), so the only open axis a real catalog
 * can grow along is `nodes`: copy k puts `nodes: k+1` on every overlay with criteria, renames
 * every overlay (`<name>-r<k>`) and component (`<name>-r<k>`, with its registry entry and
 * components/ files), and gets its own root `base-r<k>` holding base.yaml's components renamed.
 * A request with nodes=k+1 then selects base + copy k only, so every catalog size answers with
 * a recipe of the same size and the timings compare the catalog's growth alone.
 *
 * `bundleCatalog(n)`: n synthetic components, each with a nested values.yaml and (every other
 * one) a templated manifest, all in base.yaml, each depending on the previous one.
 */
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

type Doc = Record<string, any>;

// No anchors/aliases for shared objects: the catalog refuses more than 100 alias expansions.
const dump = (doc: unknown) => stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });

export interface ScaledCatalog {
  dir: string;
  overlays: number;
  components: number;
  /** Overlays whose criteria pick a leaf of copy k with nodes = k+1. */
  leafCriteria: (k: number) => { service: string; accelerator: string; intent: string; os: string; platform: string; nodes: number };
}

export function scaledCatalog(srcDir: string, outDir: string, copies: number): ScaledCatalog {
  mkdirSync(join(outDir, 'overlays'), { recursive: true });
  mkdirSync(join(outDir, 'components'), { recursive: true });
  const registry = parse(readFileSync(join(srcDir, 'registry.yaml'), 'utf8')) as Doc;
  const originals = registry.components as Doc[];
  const overlayFiles = readdirSync(join(srcDir, 'overlays')).filter((f) => f.endsWith('.yaml'));
  const docs = overlayFiles.map((f) => parse(readFileSync(join(srcDir, 'overlays', f), 'utf8')) as Doc);
  const base = docs.find((d) => d.metadata.name === 'base')!;
  const overlays = docs.filter((d) => d.metadata.name !== 'base');

  // The original catalog stays whole (base.yaml and its components are still the root of all).
  cpSync(join(srcDir, 'components'), join(outDir, 'components'), { recursive: true });
  writeFileSync(join(outDir, 'overlays', 'base.yaml'), dump(base));

  const entries = [...originals];
  let overlayCount = 1;
  for (let k = 0; k < copies; k++) {
    const r = (name: string) => `${name}-r${k}`;
    const path = (p: string) => p.replace(/^components\/([^/]+)\//, (_m, c: string) => `components/${r(c)}/`);
    const refs = (list: Doc[] | undefined) =>
      (list ?? []).map((ref) => ({
        ...ref,
        name: r(ref.name),
        ...(ref.valuesFile ? { valuesFile: path(ref.valuesFile) } : {}),
        ...(ref.manifestFiles ? { manifestFiles: ref.manifestFiles.map(path) } : {}),
        ...(ref.dependencyRefs ? { dependencyRefs: ref.dependencyRefs.map(r) } : {}),
      }));
    for (const c of originals) {
      cpSync(join(srcDir, 'components', c.name), join(outDir, 'components', r(c.name)), { recursive: true, errorOnExist: false });
      entries.push({ ...c, name: r(c.name), displayName: r(c.name), valueOverrideKeys: (c.valueOverrideKeys ?? []).map((v: string) => `${v}r${k}`) });
    }
    const root = { ...base, metadata: { name: r('base') }, spec: { ...base.spec, componentRefs: refs(base.spec.componentRefs) } };
    writeFileSync(join(outDir, 'overlays', `${r('base')}.yaml`), dump(root));
    overlayCount++;
    for (const o of overlays) {
      const spec = { ...o.spec, componentRefs: refs(o.spec.componentRefs) };
      spec.base = !o.spec.base || o.spec.base === 'base' ? r('base') : r(o.spec.base);
      if (o.spec.criteria) spec.criteria = { ...o.spec.criteria, nodes: k + 1 };
      writeFileSync(join(outDir, 'overlays', `${r(o.metadata.name)}.yaml`), dump({ ...o, metadata: { ...o.metadata, name: r(o.metadata.name) }, spec }));
      overlayCount++;
    }
  }
  writeFileSync(join(outDir, 'registry.yaml'), dump({ ...registry, components: entries }));
  return {
    dir: outDir,
    overlays: overlayCount,
    components: entries.length,
    leafCriteria: (k) => ({ service: 'eks', accelerator: 'h100', intent: 'training', os: 'ubuntu', platform: 'any', nodes: k + 1 }),
  };
}

/** A values tree of about 1.5 KiB, like our larger components'. */
function syntheticValues(i: number): Doc {
  return {
    image: { repository: `nvcr.io/nvidia/synth-${i}`, tag: `v1.${i}.0`, pullPolicy: 'IfNotPresent' },
    replicaCount: 1 + (i % 3),
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    nodeSelector: {},
    tolerations: [],
    serviceMonitor: { enabled: true, interval: '30s', labels: { release: 'kube-prometheus-stack' } },
    config: Object.fromEntries(Array.from({ length: 20 }, (_, j) => [`option${j}`, j % 2 === 0 ? `value-${i}-${j}` : j])),
    extraEnv: Array.from({ length: 5 }, (_, j) => ({ name: `SYNTH_${j}`, value: `${i * 10 + j}` })),
  };
}

/** A templated ConfigMap reading the component's values, like dcgm-exporter.yaml. */
function syntheticManifest(name: string): string {
  return `{{- $v := index .Values "${name}" }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Chart.Name }}-config
  namespace: {{ .Release.Namespace }}
  labels:
    app.kubernetes.io/managed-by: {{ .Release.Service }}
    helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
data:
  image: {{ $v.image.repository }}:{{ $v.image.tag }}
  replicas: {{ $v.replicaCount | quote }}
{{- range $k, $val := $v.config }}
  {{ $k }}: {{ $val | quote }}
{{- end }}
`;
}

export function bundleCatalog(outDir: string, n: number): { dir: string; names: string[] } {
  mkdirSync(join(outDir, 'overlays'), { recursive: true });
  const names = Array.from({ length: n }, (_, i) => `synth-${String(i + 1).padStart(2, '0')}`);
  const entries: Doc[] = [];
  const refs: Doc[] = [];
  names.forEach((name, i) => {
    const dir = join(outDir, 'components', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'values.yaml'), dump(syntheticValues(i)));
    const ref: Doc = { name, type: 'Helm', source: 'https://charts.example.com/synth', version: `1.${i}.0`, valuesFile: `components/${name}/values.yaml` };
    if (i % 2 === 0) {
      mkdirSync(join(dir, 'manifests'), { recursive: true });
      writeFileSync(join(dir, 'manifests', 'config.yaml'), syntheticManifest(name));
      ref.manifestFiles = [`components/${name}/manifests/config.yaml`];
    }
    if (i > 0) ref.dependencyRefs = [names[i - 1]];
    refs.push(ref);
    entries.push({
      name,
      displayName: name,
      helm: { defaultRepository: 'https://charts.example.com/synth', defaultChart: `synth/${name}`, defaultNamespace: `synth-${i + 1}` },
      nodeScheduling: { system: { nodeSelectorPaths: ['nodeSelector'], tolerationPaths: ['tolerations'] } },
    });
  });
  writeFileSync(join(outDir, 'registry.yaml'), dump({ apiVersion: 'aicr.nvidia.com/v1alpha1', kind: 'ComponentRegistry', components: entries }));
  writeFileSync(
    join(outDir, 'overlays', 'base.yaml'),
    dump({ kind: 'RecipeMetadata', apiVersion: 'aicr.nvidia.com/v1alpha1', metadata: { name: 'base' }, spec: { componentRefs: refs } }),
  );
  return { dir: outDir, names };
}
