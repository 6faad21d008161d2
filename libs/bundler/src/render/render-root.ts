import { AicrError, ErrorCode, type BundleFile, type BundlePlan, type ComponentRenderResult } from '@aicr/contracts';
import { appOfApps } from './argocd';
import { checksumsFile } from './checksums';
import { componentFacts, type ComponentFacts } from './classify';
import { deployScript } from './deploy-script';
import { assertSafePath } from './paths';
import { argocdReadme } from './readme-argocd';
import { rootReadme } from './readme-root';
import { recipeYaml } from './recipe-yaml';
import { sortFiles } from './render-component';
import { undeployScript } from './undeploy-script';

/**
 * Each component's facts, in plan order (BUNDLES.md §3.3), with the manifests that survived
 * rendering read back from its result, so the root files agree with the component folders
 * whatever order the results arrived in.
 */
function factsInOrder(plan: BundlePlan, components: ComponentRenderResult[]): ComponentFacts[] {
  const byName = new Map(components.map((c) => [c.name, c]));
  return plan.components.map((pc) => {
    const result = byName.get(pc.ref.name);
    if (!result) {
      throw new AicrError(ErrorCode.INTERNAL_ERROR, 'Failed to generate bundle', { error: `component ${pc.ref.name} was not rendered` });
    }
    const prefix = `${pc.ref.name}/manifests/`;
    const manifests = result.files
      .filter((f) => f.path.startsWith(prefix) && f.path !== `${prefix}kustomization.yaml`)
      .map((f) => f.path.slice(prefix.length));
    return componentFacts(pc, manifests);
  });
}

/** The root files; the root `checksums.txt` covers every other file of the archive (§8.1). */
export function renderRoot(plan: BundlePlan, components: ComponentRenderResult[]): BundleFile[] {
  const facts = factsInOrder(plan, components);
  const root: BundleFile[] = [];
  if (plan.deployer === 'argocd') {
    root.push({ path: 'app-of-apps.yaml', mode: 0o644, content: appOfApps(plan) });
    root.push({ path: 'README.md', mode: 0o644, content: argocdReadme(plan, facts, plan.components.map((c) => c.index)) });
  } else {
    root.push({ path: 'README.md', mode: 0o644, content: rootReadme(plan, facts) });
    root.push({ path: 'deploy.sh', mode: 0o755, content: deployScript(facts, plan.version) });
    root.push({ path: 'undeploy.sh', mode: 0o755, content: undeployScript(facts, plan.version) });
    root.push({ path: 'recipe.yaml', mode: 0o644, content: recipeYaml(plan.recipe) });
  }
  const all = [...root, ...components.flatMap((c) => c.files)];
  root.push({ path: 'checksums.txt', mode: 0o644, content: checksumsFile(all) });
  for (const f of root) assertSafePath(f.path);
  return sortFiles(root);
}
