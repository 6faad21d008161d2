import { vi, test, expect } from 'vitest';
vi.mock('@aicr/gotemplate', () => ({
  TemplateParseError: class extends Error {},
  TemplateExecError: class extends Error {},
  compileTemplate: (text: string) => ({ hasActions: true, execute: () => text.replace(/^\{\{[^}]*\}\}\n/gm, '').replace(/\{\{[^}]*\}\}/g, 'x') }),
}));
vi.mock('@aicr/archive', () => ({ createZip: async () => Buffer.from('zip') }));
import { renderComponent, renderRoot } from './index';
import { workedExamplePlan, catalogPlan, RECIPE_CHAINS } from './test-fixtures';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

test('scratch', () => {
  for (const [name, chain] of Object.entries({ ex: null, ...RECIPE_CHAINS })) {
    for (const deployer of ['helm', 'argocd'] as const) {
      const plan = chain ? catalogPlan({ overlays: chain, deployer }) : workedExamplePlan(deployer);
      const comps = plan.components.map((c) => renderComponent(plan, c));
      const root = renderRoot(plan, comps);
      for (const f of [...root, ...comps.flatMap((c) => c.files)]) {
        const p = `/tmp/scratch/${name}-${deployer}/${f.path}`;
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, f.content, { mode: f.mode });
      }
    }
  }
  expect(1).toBe(1);
});
