import type { BundlePlan } from '@aicr/contracts';
import { type ComponentFacts } from './classify';
import { toSafeYaml } from './yaml-safe';

/**
 * Argo CD output (BUNDLES.md §10), built as objects and serialized, with the upstream defects
 * fixed: the values `ref` source names the GitOps repo, manifests ship as a directory source,
 * manifest-only components get a directory source instead of an empty Helm source, and release
 * manifests from URLs are listed in `<c>/manifests/kustomization.yaml` so Argo CD applies them.
 */

export const REPO_PLACEHOLDER = 'https://github.com/YOUR-ORG/YOUR-REPO.git';
const DESTINATION = 'https://kubernetes.default.svc';
const GIT_REVISION = 'main';

export const repoOf = (plan: BundlePlan) => plan.repo || REPO_PLACEHOLDER;

export function appOfApps(plan: BundlePlan): string {
  return toSafeYaml({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'nvidia-stack', namespace: 'argocd' },
    spec: {
      project: 'default',
      source: {
        repoURL: repoOf(plan),
        targetRevision: GIT_REVISION,
        path: '.',
        directory: { recurse: true, include: '*/application.yaml' },
      },
      destination: { server: DESTINATION, namespace: 'argocd' },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  });
}

/** Whether the manifests folder needs a kustomization (remote URLs can only be listed there). */
export const needsKustomization = (f: ComponentFacts) => f.manifestUrls.length > 0;

/** `<c>/manifests/kustomization.yaml`: the release URLs, then the local files. */
export function kustomizationYaml(f: ComponentFacts): string {
  return toSafeYaml({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [...f.manifestUrls, ...f.manifests],
  });
}

/** The Application of one component, or null for a component with nothing to deploy. */
export function applicationObject(plan: BundlePlan, f: ComponentFacts, index: number): Record<string, unknown> | null {
  const repo = repoOf(plan);
  const sources: Record<string, unknown>[] = [];
  if (f.kind === 'helm') {
    sources.push({
      repoURL: f.source,
      chart: f.chart,
      targetRevision: f.version.replace(/^v/, ''),
      helm: { valueFiles: [`$values/${f.name}/values.yaml`] },
    });
    sources.push({ repoURL: repo, targetRevision: GIT_REVISION, ref: 'values' });
  } else if (f.kind === 'kustomize') {
    sources.push({ repoURL: f.source, targetRevision: f.tag, path: f.path });
  }
  if (f.manifests.length > 0 || f.manifestUrls.length > 0) {
    const dir: Record<string, unknown> = { repoURL: repo, targetRevision: GIT_REVISION, path: `${f.name}/manifests` };
    // With a kustomization.yaml Argo CD must detect the Kustomize type; a `directory` block would
    // make it apply kustomization.yaml itself as a resource.
    if (!needsKustomization(f)) dir.directory = { recurse: false };
    sources.push(dir);
  }
  if (sources.length === 0) return null;
  const spec: Record<string, unknown> = { project: 'default' };
  if (sources.length === 1) spec.source = sources[0];
  else spec.sources = sources;
  spec.destination = f.namespace ? { server: DESTINATION, namespace: f.namespace } : { server: DESTINATION };
  spec.syncPolicy = { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: f.name,
      namespace: 'argocd',
      annotations: { 'argocd.argoproj.io/sync-wave': String(index) },
    },
    spec,
  };
}

export function applicationYaml(plan: BundlePlan, f: ComponentFacts, index: number): string | null {
  const obj = applicationObject(plan, f, index);
  return obj === null ? null : toSafeYaml(obj);
}
