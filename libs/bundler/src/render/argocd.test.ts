import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderComponent, renderRoot } from './index';
import { catalogPlan, handComponent, handPlan, RECIPE_CHAINS, workedExamplePlan } from './test-fixtures';
import type { BundleFile, BundlePlan } from '@aicr/contracts';

function render(plan: BundlePlan): BundleFile[] {
  const comps = plan.components.map((c) => renderComponent(plan, c));
  return [...renderRoot(plan, comps), ...comps.flatMap((c) => c.files)];
}
const get = (files: BundleFile[], path: string) => files.find((f) => f.path === path)?.content;

const URL = 'https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.1/standard-install.yaml';
const handArgo = (repo = '') =>
  handPlan(
    [
      handComponent({ name: 'helm-c', namespace: 'hns', source: 'https://charts.example/r', chart: 'hc', version: 'v1.2.3' }, { a: 1 }, [{ name: 'x.yaml', text: 'kind: A\n' }]),
      handComponent({ name: 'kust', type: 'Kustomize', namespace: 'kns', source: 'https://github.com/o/r', path: 'deploy', tag: 'v2' }),
      handComponent({ name: 'mo', namespace: 'mns' }, {}, [{ name: 'm.yaml', text: 'kind: M\n' }]),
      handComponent({ name: 'urls', namespace: 'gw', source: 'oci://cr.example/charts', version: 'v2' }, {}, [{ name: 'local.yaml', text: 'kind: L\n' }]),
    ].map((c, i) => (i === 3 ? { ...c, ref: { ...c.ref, manifestUrls: [URL] } } : c)),
    { deployer: 'argocd', repo },
  );

describe('Argo CD output (BUNDLES.md §10)', () => {
  const plans: [string, BundlePlan][] = [
    ['worked example', workedExamplePlan('argocd')],
    ['hand-written classes', handArgo('https://git.example/org/gitops.git')],
    ...Object.entries(RECIPE_CHAINS).map(([n, overlays]) => [n, catalogPlan({ overlays, deployer: 'argocd' })] as [string, BundlePlan]),
  ];
  it.each(plans)('every Application of %s validates against the Argo CD schema', (_n, plan) => {
    const files = render(plan);
    const apps = files.filter((f) => f.path.endsWith('application.yaml') || f.path === 'app-of-apps.yaml');
    expect(apps.length).toBeGreaterThan(1);
    for (const f of apps) expect(() => new Application(parse(f.content)).validate(), f.path).not.toThrow();
    expect(files.some((f) => f.path.endsWith('.sh') || f.path === 'recipe.yaml')).toBe(false);
  }, 30_000);

  it('app-of-apps: placeholder repo, directory source over */application.yaml', () => {
    const doc = parse(get(render(workedExamplePlan('argocd')), 'app-of-apps.yaml')!);
    expect(doc.metadata).toEqual({ name: 'nvidia-stack', namespace: 'argocd' });
    expect(doc.spec.source).toEqual({
      repoURL: 'https://github.com/YOUR-ORG/YOUR-REPO.git',
      targetRevision: 'main',
      path: '.',
      directory: { recurse: true, include: '*/application.yaml' },
    });
    expect(doc.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });

  it.each([
    ['helm-c', 0, (s: any) => [s.sources[0], s.sources[1], s.sources[2]], [
      { repoURL: 'https://charts.example/r', chart: 'hc', targetRevision: '1.2.3', helm: { valueFiles: ['$values/helm-c/values.yaml'] } },
      { repoURL: 'https://git.example/org/gitops.git', targetRevision: 'main', ref: 'values' },
      { repoURL: 'https://git.example/org/gitops.git', targetRevision: 'main', path: 'helm-c/manifests', directory: { recurse: false } },
    ]],
    ['kust', 1, (s: any) => [s.source], [{ repoURL: 'https://github.com/o/r', targetRevision: 'v2', path: 'deploy' }]],
    ['mo', 2, (s: any) => [s.source], [{ repoURL: 'https://git.example/org/gitops.git', targetRevision: 'main', path: 'mo/manifests', directory: { recurse: false } }]],
    ['urls', 3, (s: any) => [s.sources[2]], [{ repoURL: 'https://git.example/org/gitops.git', targetRevision: 'main', path: 'urls/manifests' }]],
  ])('%s: sources and quoted sync wave', (name, wave, pick, expected) => {
    const files = render(handArgo('https://git.example/org/gitops.git'));
    const text = get(files, `${name}/application.yaml`)!;
    expect(text).toContain(`argocd.argoproj.io/sync-wave: "${wave}"`);
    const doc = parse(text);
    expect(pick(doc.spec)).toEqual(expected);
    expect(doc.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true']);
  });

  it('files per class: values.yaml except Kustomize, manifests included, kustomization lists URLs', () => {
    const files = render(handArgo());
    const p = files.map((f) => f.path);
    expect(p).toContain('helm-c/manifests/x.yaml');
    expect(p).toContain('mo/manifests/m.yaml');
    expect(p).not.toContain('kust/values.yaml');
    expect(p).toContain('helm-c/values.yaml');
    expect(parse(get(files, 'urls/manifests/kustomization.yaml')!)).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: [URL, 'local.yaml'],
    });
    for (const c of ['helm-c', 'kust', 'mo', 'urls']) expect(p).toContain(`${c}/checksums.txt`);
    expect(get(files, 'README.md')).toContain(URL);
  });

  it('YAML injection through repo and component fields adds no keys', () => {
    const repo = 'https://good.example/r.git\n    evil: injected';
    const plan = handPlan(
      [handComponent({ name: 'c', namespace: 'ns\n  evil: injected', source: 'https://x\nevil: 1', chart: 'ch: x', version: "v1'\"\n- a" })],
      { deployer: 'argocd', repo },
    );
    const files = render(plan);
    const root = parse(get(files, 'app-of-apps.yaml')!);
    expect(root.spec.source.repoURL).toBe(repo);
    expect(JSON.stringify(root)).not.toContain('"evil"');
    const app = parse(get(files, 'c/application.yaml')!);
    expect(app.spec.destination.namespace).toBe('ns\n  evil: injected');
    expect(app.spec.sources[0]).toEqual({ repoURL: 'https://x\nevil: 1', chart: 'ch: x', targetRevision: "1'\"\n- a", helm: { valueFiles: ['$values/c/values.yaml'] } });
    expect(app.spec.sources[1].repoURL).toBe(repo);
    expect(Object.keys(app)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
  });

  it('any strings in component fields and repo come back unchanged, with no extra keys', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), fc.string({ minLength: 1 }), (namespace, source, chart, version, repo) => {
        const plan = handPlan([handComponent({ name: 'c', namespace, source: source || 'x', chart, version })], { deployer: 'argocd', repo });
        const files = render(plan);
        const app = parse(get(files, 'c/application.yaml')!);
        expect(app.spec.sources[0]).toEqual({ repoURL: source || 'x', chart: chart || 'c', targetRevision: version.replace(/^v/, ''), helm: { valueFiles: ['$values/c/values.yaml'] } });
        expect(app.spec.sources[1]).toEqual({ repoURL: repo, targetRevision: 'main', ref: 'values' });
        expect(Object.keys(app.spec)).toEqual(['project', 'sources', 'destination', 'syncPolicy']);
        expect(app.spec.destination).toEqual(namespace ? { server: 'https://kubernetes.default.svc', namespace } : { server: 'https://kubernetes.default.svc' });
        expect(parse(get(files, 'app-of-apps.yaml')!).spec.source.repoURL).toBe(repo);
      }),
      { numRuns: 200 },
    );
  }, 30_000);
});
