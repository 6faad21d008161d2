import type { BundleFile, BundlePlan, ComponentRenderResult, PlannedComponent } from '@aicr/contracts';
import { applicationYaml, kustomizationYaml, needsKustomization } from './argocd';
import { byteOrder, checksumsFile } from './checksums';
import { componentFacts } from './classify';
import { installScript, uninstallScript } from './component-scripts';
import { renderManifests } from './manifests';
import { assertSafePath } from './paths';
import { componentReadme } from './readme-component';
import { valuesYaml } from './values-yaml';

const FILE = 0o644;
const SCRIPT = 0o755;

/**
 * One component's folder (one queue child job). Manifests are rendered first so that every
 * other file (README, scripts, Argo CD sources) knows which of them survived (BUNDLES.md §5).
 * `<c>/checksums.txt` comes last and covers the rest of the folder (§8.2).
 */
export function renderComponent(plan: BundlePlan, component: PlannedComponent): ComponentRenderResult {
  const name = component.ref.name;
  const dir = `${name}/`;
  const manifests = renderManifests(component);
  const facts = componentFacts(component, manifests.map((m) => m.name));
  const files: BundleFile[] = [];
  const add = (path: string, content: string, mode = FILE) => files.push({ path: dir + path, mode, content });

  if (plan.deployer === 'argocd') {
    const app = applicationYaml(plan, facts, component.index);
    if (app !== null) add('application.yaml', app);
    if (facts.kind !== 'kustomize') add('values.yaml', valuesYaml(component.values));
    for (const m of manifests) add(`manifests/${m.name}`, m.content);
    if (needsKustomization(facts)) add('manifests/kustomization.yaml', kustomizationYaml(facts));
  } else {
    add('values.yaml', valuesYaml(component.values));
    for (const m of manifests) add(`manifests/${m.name}`, m.content);
    add('scripts/install.sh', installScript(facts, plan.version), SCRIPT);
    add('scripts/uninstall.sh', uninstallScript(facts, plan.version), SCRIPT);
    add('README.md', componentReadme(facts));
  }
  add('checksums.txt', checksumsFile(files, dir));
  for (const f of files) assertSafePath(f.path);
  return { name, files: sortFiles(files) };
}

export const sortFiles = (files: BundleFile[]): BundleFile[] => [...files].sort((a, b) => byteOrder(a.path, b.path));
