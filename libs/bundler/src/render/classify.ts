import type { PlannedComponent } from '@aicr/contracts';

/** BUNDLES.md §6.1: what the scripts do for a component. */
export type ComponentClass = 'kustomize' | 'helm' | 'manifest-only' | 'nothing';

/** Components whose release is installed without waiting (upstream's async list, §6.2). */
export const ASYNC_COMPONENTS: ReadonlySet<string> = new Set(['kai-scheduler']);
/** Component whose kubelet-plugin daemonset is restarted after install (§6.2). */
export const DRA_DRIVER = 'nvidia-dra-driver-gpu';
/** Namespaces no generated script ever deletes (§6.4). */
export const PROTECTED_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'default']);

/** What a component needs, derived once so scripts, READMEs and Argo CD agree. */
export interface ComponentFacts {
  name: string;
  kind: ComponentClass;
  /** `Helm` or `Kustomize`, as written in generated files. */
  typeLabel: 'Helm' | 'Kustomize';
  namespace: string;
  source: string;
  version: string;
  tag: string;
  path: string;
  /** Chart name (`chart`, else the component name). */
  chart: string;
  oci: boolean;
  /** Rendered local manifest file names (after empty ones were dropped), sorted. */
  manifests: string[];
  manifestUrls: string[];
}

/** Classify with the rendered manifest names known (dropped renderings do not count, §5). */
export function componentFacts(component: PlannedComponent, manifests: string[]): ComponentFacts {
  const ref = component.ref;
  const kustomize = ref.type.toLowerCase() === 'kustomize';
  const source = ref.source ?? '';
  const manifestUrls = [...(ref.manifestUrls ?? [])];
  const kind: ComponentClass = kustomize
    ? 'kustomize'
    : source !== ''
      ? 'helm'
      : manifests.length > 0 || manifestUrls.length > 0
        ? 'manifest-only'
        : 'nothing';
  return {
    name: ref.name,
    kind,
    typeLabel: kustomize ? 'Kustomize' : 'Helm',
    namespace: ref.namespace ?? '',
    source,
    version: ref.version ?? '',
    tag: ref.tag ?? '',
    path: ref.path ?? '',
    chart: ref.chart || ref.name,
    oci: source.startsWith('oci://'),
    manifests,
    manifestUrls,
  };
}

/** `kustomize build` target: `<source>//<path>[?ref=<tag>]` (upstream form). */
export function kustomizeTarget(f: ComponentFacts): string {
  const base = f.path ? `${f.source}//${f.path}` : f.source;
  return f.tag ? `${base}?ref=${f.tag}` : base;
}

/** The chart argument of `helm upgrade --install`: `<chart>` with `--repo`, or `<oci-source>/<chart>`. */
export function helmChartArg(f: ComponentFacts): string {
  return f.oci ? `${f.source.replace(/\/+$/, '')}/${f.chart}` : f.chart;
}

export const hasManifests = (f: ComponentFacts) => f.manifests.length > 0 || f.manifestUrls.length > 0;
