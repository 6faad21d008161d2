import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AicrError, type BundlePlan } from '@aicr/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { assembleBundle, renderComponent } from './index';
import { sha256Hex } from './checksums';
import { catalogPlan, handComponent, handPlan, RECIPE_CHAINS, workedExamplePlan } from './test-fixtures';

const ROOT = mkdtempSync(join(tmpdir(), 'aicr-render-zip-'));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

const build = (plan: BundlePlan) => assembleBundle(plan, plan.components.map((c) => renderComponent(plan, c)));

function unzip(zip: Buffer): string {
  const dir = mkdtempSync(join(ROOT, 'x-'));
  writeFileSync(join(dir, 'bundle.zip'), zip);
  const r = spawnSync('unzip', ['-q', 'bundle.zip', '-d', 'out'], { cwd: dir, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return join(dir, 'out');
}

const sha256c = (cwd: string) => spawnSync('sha256sum', ['--strict', '-c', 'checksums.txt'], { cwd, encoding: 'utf8' });

describe('assembleBundle', () => {
  it.each([
    ['helm', 11],
    ['argocd', 7],
  ] as const)('worked example, %s: %i files, sizes and digest match the zip', async (deployer, count) => {
    const art = await build(workedExamplePlan(deployer));
    expect(art.files).toBe(count);
    expect(art.sha256).toBe(sha256Hex(art.zip));
    expect(art.size).toBeGreaterThan(1000);
    const out = unzip(art.zip);
    const root = sha256c(out);
    expect(root.status, root.stdout + root.stderr).toBe(0);
    expect(root.stdout.trim().split('\n')).toHaveLength(count - 1);
    const comp = sha256c(join(out, 'gpu-operator'));
    expect(comp.status, comp.stdout + comp.stderr).toBe(0);
  }, 30_000);

  it.each(Object.entries(RECIPE_CHAINS))('%s: every checksums.txt verifies after unzip', async (_n, overlays) => {
    const plan = catalogPlan({ overlays });
    const art = await build(plan);
    const out = unzip(art.zip);
    expect(sha256c(out).status).toBe(0);
    for (const c of plan.components) expect(sha256c(join(out, c.ref.name)).status, c.ref.name).toBe(0);
  }, 30_000);

  it('identical plans give byte-identical zips, whatever the component result order', async () => {
    const plan = catalogPlan({ overlays: RECIPE_CHAINS['eks-h100-training'] });
    const results = plan.components.map((c) => renderComponent(plan, c));
    const a = await assembleBundle(plan, results);
    const b = await assembleBundle(catalogPlan({ overlays: RECIPE_CHAINS['eks-h100-training'] }), [...results].reverse());
    expect(b.zip.equals(a.zip)).toBe(true);
    expect(b.sha256).toBe(a.sha256);
  }, 30_000);

  it('carries the plan warnings', async () => {
    const plan = { ...workedExamplePlan(), warnings: ['w1'] };
    expect((await build(plan)).warnings).toEqual(['w1']);
  }, 30_000);

  it('refuses an archive over 20 MiB with 413 Bundle too large', async () => {
    // Random base64 hardly deflates: ~28 MB of text stays above 20 MiB zipped.
    const big = randomBytes(21 * 1024 * 1024).toString('base64');
    const plan = handPlan([handComponent({ name: 'big', namespace: 'ns' }, { blob: big })]);
    const err = await build(plan).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AicrError);
    const e = err as AicrError;
    expect([e.code, e.status, e.message, e.details]).toEqual(['INVALID_REQUEST', 413, 'Bundle too large', { limit: 20971520 }]);
  }, 30_000);
});
