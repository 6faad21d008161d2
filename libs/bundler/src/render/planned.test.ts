/**
 * End to end with the planner's real plans (BUNDLES.md §12): recipe from the engine, plan from
 * `planBundle`, then this renderer. Guards the contract between the two halves of the bundler.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { plan, recipeFor } from '../plan/test-support';
import { createInProcessBundleRunner } from './index';

const ROOT = mkdtempSync(join(tmpdir(), 'aicr-render-planned-'));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

const QUERY = {
  bundlers: ['gpu-operator'],
  set: ['gpuoperator:gds.enabled=true'],
  'accelerated-node-selector': ['nvidia.com/gpu.present=true'],
  'accelerated-node-toleration': ['nvidia.com/gpu=present:NoSchedule'],
};

describe('planBundle → renderer (worked example §12)', () => {
  it.each([
    ['helm', 11],
    ['argocd', 7],
  ] as const)('%s: file count, checksums and key values', async (deployer, files) => {
    const recipe = await recipeFor({ service: 'eks', accelerator: 'h100', intent: 'training' });
    const p = await plan({ ...QUERY, deployer: [deployer] }, recipe);
    const art = await createInProcessBundleRunner().run(p, { deadline: Date.now() + 60_000, requestId: 't' });
    expect(art.files).toBe(files);
    const dir = mkdtempSync(join(ROOT, `${deployer}-`));
    writeFileSync(join(dir, 'b.zip'), art.zip);
    expect(spawnSync('unzip', ['-q', 'b.zip', '-d', 'out'], { cwd: dir }).status).toBe(0);
    expect(spawnSync('sha256sum', ['-c', 'checksums.txt'], { cwd: join(dir, 'out') }).status).toBe(0);
    expect(spawnSync('sha256sum', ['-c', 'checksums.txt'], { cwd: join(dir, 'out', 'gpu-operator') }).status).toBe(0);
    const unzip = spawnSync('unzip', ['-p', 'b.zip', 'gpu-operator/values.yaml'], { cwd: dir, encoding: 'utf8' });
    const values = parse(unzip.stdout, { version: '1.1' });
    expect(values.gds).toEqual({ enabled: true });
    expect(values.daemonsets.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
    expect(values.cdi).toEqual({ default: false, enabled: true });
  }, 60_000);
});

describe('planBundle → renderer (whole recipes)', () => {
  it.each([
    [{ service: 'eks', accelerator: 'h100', intent: 'training' }],
    [{ service: 'gke', accelerator: 'h100', intent: 'inference', platform: 'dynamo' }],
    [{ service: 'aks', accelerator: 'h100', intent: 'training', os: 'ubuntu', platform: 'kubeflow' }],
  ])('%j: every script passes bash -n and shellcheck, checksums verify', async (criteria) => {
    const recipe = await recipeFor(criteria as never);
    const p = await plan({}, recipe);
    const art = await createInProcessBundleRunner().run(p, { deadline: Date.now() + 60_000, requestId: 't' });
    const dir = mkdtempSync(join(ROOT, 'whole-'));
    writeFileSync(join(dir, 'b.zip'), art.zip);
    expect(spawnSync('unzip', ['-q', 'b.zip', '-d', 'out'], { cwd: dir }).status).toBe(0);
    const out = join(dir, 'out');
    expect(spawnSync('sha256sum', ['-c', 'checksums.txt'], { cwd: out }).status).toBe(0);
    const scripts = ['deploy.sh', 'undeploy.sh', ...p.components.flatMap((c) => [`${c.ref.name}/scripts/install.sh`, `${c.ref.name}/scripts/uninstall.sh`])];
    expect(art.files).toBe(5 + p.components.length * 5 + countManifests(out));
    for (const s of scripts) expect(spawnSync('bash', ['-n', join(out, s)]).status, s).toBe(0);
    const sc = spawnSync('shellcheck', ['--severity=warning', ...scripts], { cwd: out, encoding: 'utf8' });
    expect(sc.status, sc.stdout).toBe(0);
  }, 60_000);
});

function countManifests(out: string): number {
  const r = spawnSync('find', ['.', '-path', '*/manifests/*', '-type', 'f'], { cwd: out, encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => l !== '').length;
}
