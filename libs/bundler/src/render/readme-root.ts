import type { BundlePlan } from '@aicr/contracts';
import { ASYNC_COMPONENTS, type ComponentFacts } from './classify';
import { helmUninstallLine, helmUpgradeLines, kustomizeTargetWord, namespaceCreateLine, urlApplyLine } from './commands';
import { mdEscape, mdFence, mdTable } from './markdown';
import { shq } from './shell-quote';

/** Criteria shown under "Target Environment" (platform and nodes are not, upstream §7). */
const SHOWN_CRITERIA = ['service', 'accelerator', 'intent', 'os'] as const;

export function recipeVersion(plan: BundlePlan): string {
  const v = plan.recipe.metadata?.version;
  return typeof v === 'string' && v !== '' ? v : 'unknown';
}

export function targetEnvironment(plan: BundlePlan): string[] {
  const c = plan.recipe.criteria;
  if (!c) return [];
  const items = SHOWN_CRITERIA.filter((k) => typeof c[k] === 'string' && c[k] !== '' && c[k] !== 'any').map(
    (k) => `- ${k}: ${mdEscape(String(c[k]))}`,
  );
  return items.length > 0 ? ['## Target Environment', '', ...items, ''] : [];
}

export function notesSection(plan: BundlePlan): string[] {
  if (plan.warnings.length === 0) return [];
  return ['## Notes', '', ...plan.warnings.map((w) => `- ${mdEscape(w)}`), ''];
}

export function sourceText(f: ComponentFacts): string {
  if (f.kind === 'kustomize') return `${f.source} (${f.path})`;
  if (f.kind === 'helm') return `${f.chart} (${f.source})`;
  if (f.kind === 'manifest-only') return f.manifestUrls.length > 0 ? `manifests (${f.manifestUrls.join(', ')})` : 'manifests';
  return '';
}

/** Manual commands of one component, run from the bundle root (same words as install.sh). */
function manualCommands(f: ComponentFacts): string[] {
  const manifests = f.manifests.length > 0 ? [`kubectl apply -f ${shq(`${f.name}/manifests/`)}`] : [];
  const pre = [...(f.namespace && (f.kind === 'helm' || f.kind === 'kustomize') ? [namespaceCreateLine(f)] : []), ...f.manifestUrls.map(urlApplyLine)];
  if (f.kind === 'helm') {
    const wait = ASYNC_COMPONENTS.has(f.name) ? '' : '--wait --timeout 10m';
    return [...pre, ...manifests, ...helmUpgradeLines(f, { valuesPath: shq(`${f.name}/values.yaml`), install: true, wait }), ...manifests];
  }
  if (f.kind === 'kustomize') return [...pre, `kustomize build ${kustomizeTargetWord(f)} | kubectl apply -n ${shq(f.namespace)} -f -`, ...manifests];
  if (f.kind === 'manifest-only') return [...pre, ...manifests];
  return [];
}

/** Root README.md of the Helm deployer (BUNDLES.md §7, §14 items 3 and 6). */
export function rootReadme(plan: BundlePlan, facts: ComponentFacts[]): string {
  const out: string[] = ['# AICR Deployment Bundle', '', `Recipe Version: ${mdEscape(recipeVersion(plan))}`, '', `Bundler Version: ${mdEscape(plan.version)}`, ''];
  out.push(...targetEnvironment(plan));
  out.push('## Components', '', 'In deployment order:', '');
  out.push(
    mdTable(
      ['Name', 'Type', 'Version', 'Namespace', 'Source'],
      facts.map((f) => [f.name, f.typeLabel, f.kind === 'kustomize' ? f.tag : f.version, f.namespace, sourceText(f)]),
    ),
  );
  const constraints = plan.recipe.constraints ?? [];
  if (constraints.length > 0) out.push('## Constraints', '', mdTable(['Name', 'Value'], constraints.map((c) => [c.name, c.value])));
  out.push(...notesSection(plan));
  out.push(
    '## Quick Start',
    '',
    mdFence('bash', ['chmod +x deploy.sh', './deploy.sh']),
    '',
    'Options: `--no-wait` (do not wait for releases to become ready), `--best-effort` (continue after a failure and list the failed components at the end), `--retries N` (retries per operation, default 5).',
    'Each component can also be installed on its own with `<component>/scripts/install.sh` (same options except `--best-effort`).',
    '',
    '## Verify the Bundle',
    '',
    'Every file is listed in `checksums.txt`. From the bundle root:',
    '',
    mdFence('bash', ['sha256sum -c checksums.txt']),
    '',
    'Or inside one component folder, which has its own `checksums.txt`:',
    '',
    mdFence('bash', [`cd ${shq(facts[0]?.name ?? 'component')} && sha256sum -c checksums.txt`]),
    '',
    '## Manual Installation',
    '',
    'Run from the bundle root, in this order:',
    '',
  );
  for (const f of facts) {
    out.push(`### ${mdEscape(f.name)}`, '');
    const cmds = manualCommands(f);
    out.push(cmds.length > 0 ? mdFence('bash', cmds) : 'Nothing to install for this component.', '');
  }
  out.push(
    '## Customisation',
    '',
    'Edit `<component>/values.yaml` before deploying (then regenerate the checksums or skip verification). Manifests under `<component>/manifests/` are applied as they are.',
    '',
    '## Upgrade',
    '',
    'Re-run `./deploy.sh`: every release is installed with `helm upgrade --install`, so it upgrades in place.',
    '',
    '## Uninstall',
    '',
    'Run `./undeploy.sh` (options `--keep-namespaces`, `--delete-pvcs`, `--timeout SECONDS`). It removes the components in reverse order and deletes their namespaces, even ones that existed before. Manually:',
    '',
  );
  const uninstall = [...facts]
    .reverse()
    .flatMap((f) => [
      ...(f.manifests.length > 0 ? [`kubectl delete -f ${shq(`${f.name}/manifests/`)} --ignore-not-found`] : []),
      ...(f.kind === 'helm' ? [helmUninstallLine(f, '120s')] : []),
      ...(f.kind === 'kustomize' ? [`kustomize build ${kustomizeTargetWord(f)} | kubectl delete -n ${shq(f.namespace)} --ignore-not-found -f -`] : []),
    ]);
  out.push(uninstall.length > 0 ? mdFence('bash', uninstall) : 'Nothing to uninstall.', '');
  out.push(
    '## Troubleshooting',
    '',
    '- `helm list -A` and `kubectl get pods -A` show what is installed and running.',
    '- `deploy.sh` stops before installing anything if a bundle namespace is terminating or a webhook points at a missing service; run `./undeploy.sh` or remove the leftover first.',
    '- A release that times out can be retried with `./deploy.sh --retries N` or inspected with `helm status <name> -n <namespace>`.',
    '',
    '## References',
    '',
    '- AICR: https://github.com/NVIDIA/aicr',
    '- Helm: https://helm.sh/docs/',
    '',
  );
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}
