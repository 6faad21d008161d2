import type { ComponentFacts } from './classify';
import { ASYNC_COMPONENTS } from './classify';
import { helmUninstallLine, helmUpgradeLines, kustomizeTargetWord, namespaceCreateLine, urlApplyLine } from './commands';
import { mdEscape, mdFence } from './markdown';
import { shq } from './shell-quote';

/**
 * `<c>/README.md` (BUNDLES.md §7), Helm deployer only. Written after the manifests are rendered,
 * so it mentions `manifests/` only when the folder exists; manifest-only components get a
 * manifests-only README (no Helm commands with empty repo/version, upstream Q10). Commands run
 * from the component folder and use the same quoted words as the scripts.
 */
export function componentReadme(f: ComponentFacts): string {
  const out: string[] = [`# ${mdEscape(f.name)}`, ''];
  const info = (label: string, value: string) => out.push(`- ${label}: ${value ? mdEscape(value) : '(none)'}`);
  if (f.kind === 'kustomize') {
    info('Type', 'Kustomize');
    info('Source', f.source);
    info('Path', f.path);
    info('Tag', f.tag);
  } else if (f.kind === 'helm') {
    info('Chart', `${f.source.replace(/\/+$/, '')}/${f.chart}`);
    info('Version', f.version);
  } else {
    info('Type', f.kind === 'manifest-only' ? 'manifests only (no chart)' : 'nothing to install');
  }
  info('Namespace', f.namespace);
  out.push('');

  const urls = f.manifestUrls.map(urlApplyLine);
  const localApply = f.manifests.length > 0 ? ['kubectl apply -f manifests/'] : [];
  out.push('## Install', '', 'From this folder (or run `scripts/install.sh`, which accepts `--no-wait` and `--retries N`):', '');
  if (f.kind === 'helm') {
    const wait = ASYNC_COMPONENTS.has(f.name) ? '' : '--wait --timeout 10m';
    const pre = [...(f.namespace ? [namespaceCreateLine(f)] : []), ...urls, ...localApply];
    out.push(mdFence('bash', [...pre, ...helmUpgradeLines(f, { valuesPath: 'values.yaml', install: true, wait })]));
    if (f.manifests.length > 0) {
      out.push('', 'After the chart is installed, apply the manifests again (some need the CRDs the chart installs):', '');
      out.push(mdFence('bash', localApply));
    }
    out.push('', '## Upgrade', '', 'Edit `values.yaml`, then:', '');
    out.push(mdFence('bash', helmUpgradeLines(f, { valuesPath: 'values.yaml', install: false, wait })));
    out.push('', '## Uninstall', '', '`scripts/uninstall.sh` does the same and accepts `--delete-namespace` and `--timeout SECONDS`.', '');
    out.push(mdFence('bash', [...(f.manifests.length > 0 ? ['kubectl delete -f manifests/ --ignore-not-found'] : []), helmUninstallLine(f, '120s')]));
  } else if (f.kind === 'kustomize') {
    const ns = f.namespace ? [namespaceCreateLine(f)] : [];
    out.push(mdFence('bash', [...ns, ...urls, `kustomize build ${kustomizeTargetWord(f)} | kubectl apply -n ${shqNs(f)} -f -`, ...localApply]));
    out.push('', '## Uninstall', '', '');
    out.push(mdFence('bash', [...(f.manifests.length > 0 ? ['kubectl delete -f manifests/ --ignore-not-found'] : []), `kustomize build ${kustomizeTargetWord(f)} | kubectl delete -n ${shqNs(f)} --ignore-not-found -f -`]));
  } else if (f.kind === 'manifest-only') {
    out.push('This component has no chart: it consists of the manifests below.', '');
    out.push(mdFence('bash', [...urls, ...localApply]));
    out.push('', '## Uninstall', '', '');
    out.push(mdFence('bash', [...(f.manifests.length > 0 ? ['kubectl delete -f manifests/ --ignore-not-found'] : []), ...f.manifestUrls.map((u) => `${urlApplyLine(u).replace('apply --server-side', 'delete')} --ignore-not-found`)]));
  } else {
    out.push('Nothing to install: the component has no chart source, kustomization or manifests. `values.yaml` holds its values for reference.');
  }

  if (f.manifests.length > 0 || f.manifestUrls.length > 0) {
    out.push('', '## Manifests', '');
    for (const m of f.manifests) out.push(`- manifests/${mdEscape(m)}`);
    for (const u of f.manifestUrls) out.push(`- ${mdEscape(u)} (official release manifest, applied with \`kubectl apply --server-side\`)`);
  }
  out.push('', '## Verify', '', 'Check the files of this folder against its checksums:', '', mdFence('bash', ['sha256sum -c checksums.txt']));
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}

const shqNs = (f: ComponentFacts) => shq(f.namespace);
