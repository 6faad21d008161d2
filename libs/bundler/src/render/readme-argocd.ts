import type { BundlePlan } from '@aicr/contracts';
import { REPO_PLACEHOLDER, repoOf } from './argocd';
import type { ComponentFacts } from './classify';
import { mdEscape, mdFence, mdTable } from './markdown';
import { notesSection, recipeVersion, targetEnvironment } from './readme-root';
import { shq } from './shell-quote';

/** Root README.md of the Argo CD deployer (BUNDLES.md §10, §7 escaping rules). */
export function argocdReadme(plan: BundlePlan, facts: ComponentFacts[], waves: number[]): string {
  const repo = repoOf(plan);
  const out: string[] = [
    '# AICR Argo CD Bundle',
    '',
    `Recipe Version: ${mdEscape(recipeVersion(plan))}`,
    '',
    `Bundler Version: ${mdEscape(plan.version)}`,
    '',
    ...targetEnvironment(plan),
    '## Components',
    '',
    mdTable(
      ['Name', 'Type', 'Version', 'Sync Wave', 'Namespace'],
      facts.map((f, i) => [f.name, f.kind === 'manifest-only' ? 'Manifests' : f.typeLabel, f.kind === 'kustomize' ? f.tag : f.version, String(waves[i]), f.namespace]),
    ),
    ...notesSection(plan),
    '## Prerequisites',
    '',
    '- A cluster with Argo CD installed in the `argocd` namespace (multi-source Applications need Argo CD 2.6 or later).',
    '- A Git repository Argo CD can read.',
    '- OCI chart sources are written as `oci://…`; older Argo CD releases expect the registry host and path without the scheme.',
    '',
    '## Deploy',
    '',
    '1. Push the content of this bundle to the root of your Git repository (branch `main`):',
    '',
    mdFence('bash', ['git init', 'git add .', "git commit -m 'AICR bundle'", `git remote add origin ${shq(repo)}`, 'git push -u origin main']),
    '',
  ];
  if (repo === REPO_PLACEHOLDER) {
    out.push(
      `2. The files name the placeholder repository ${mdEscape(REPO_PLACEHOLDER)}. Replace it with yours (or request the bundle again with \`repo=<url>\`):`,
      '',
      mdFence('bash', [`grep -rl ${shq(REPO_PLACEHOLDER)} . | xargs sed -i ${shq(`s#${REPO_PLACEHOLDER}#https://github.com/<org>/<repo>.git#g`)}`]),
      '',
    );
  } else {
    out.push(`2. The Applications point at ${mdEscape(repo)}.`, '');
  }
  out.push('3. Create the parent Application:', '', mdFence('bash', ['kubectl apply -f app-of-apps.yaml']), '');
  out.push(
    '## Monitor',
    '',
    mdFence('bash', ['argocd app list', 'argocd app get nvidia-stack', ...facts.slice(0, 1).map((f) => `argocd app sync ${shq(f.name)}`)]),
    '',
    '## Layout',
    '',
  );
  const tree = ['.', '├── README.md', '├── app-of-apps.yaml', '├── checksums.txt'];
  facts.forEach((f, i) => tree.push(`${i === facts.length - 1 ? '└──' : '├──'} ${f.name}/`));
  out.push(mdFence('text', tree), '');
  const manifestNotes = facts.filter((f) => f.manifestUrls.length > 0);
  if (manifestNotes.length > 0) {
    out.push('## Release Manifests', '', 'These components apply official release manifests by URL, listed in `<component>/manifests/kustomization.yaml`:', '');
    for (const f of manifestNotes) for (const u of f.manifestUrls) out.push(`- ${mdEscape(f.name)}: ${mdEscape(u)}`);
    out.push('');
  }
  out.push('## Sync Waves', '', 'Argo CD syncs the Applications in this order:', '');
  facts.forEach((f, i) => out.push(`- wave ${waves[i]}: ${mdEscape(f.name)}`));
  out.push('', '## Verify the Bundle', '', mdFence('bash', ['sha256sum -c checksums.txt']), '', 'Each component folder has its own `checksums.txt` too (`cd <component> && sha256sum -c checksums.txt`).', '');
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}
