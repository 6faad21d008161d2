import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RECIPE_SERVICE_ROUTES } from '@aicr/contracts';
import { freePort, waitForPort } from '@aicr/testing';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;
const tsx = join(root, 'node_modules/.bin/tsx');
const main = join(root, 'apps/recipe-service/src/main.ts');

/** The real entry point as its own process, with the real catalog unless told otherwise. */
function start(env: Record<string, string>) {
  const child = spawn(tsx, [main], { cwd: root, env: { ...process.env, LOG_LEVEL: 'error', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

describe('recipe-service main', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'aicr-recipe-service-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('exits 1 before listening when the catalog does not load', async () => {
    mkdirSync(join(tmp, 'overlays'));
    writeFileSync(join(tmp, 'overlays/base.yaml'), 'kind: [\n');
    const port = await freePort();
    const proc = start({ PORT: String(port), AICR_RECIPES_DIR: tmp });
    expect(await proc.exited).toBe(1);
    expect(proc.stderr()).toContain('catalog failed to load');
  }, 30_000);

  it('serves the real catalog and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const proc = start({ PORT: String(port), HOST: '127.0.0.1' });
    try {
      await waitForPort(port, '127.0.0.1', 20_000);
      const criteria = { service: 'eks', accelerator: 'h100', intent: 'training', os: 'ubuntu', platform: 'any', nodes: 0 };
      const res = await fetch(`http://127.0.0.1:${port}${RECIPE_SERVICE_ROUTES.resolve}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ criteria }),
      });
      const recipe = (await res.json()) as Record<string, unknown>;
      expect(res.status).toBe(200);
      expect(Object.keys(recipe).slice(0, 3)).toEqual(['kind', 'apiVersion', 'metadata']);
      expect(recipe.criteria).toEqual({ service: 'eks', accelerator: 'h100', intent: 'training', os: 'ubuntu', platform: 'any' });
    } finally {
      proc.child.kill('SIGTERM');
    }
    expect(await proc.exited).toBe(0);
  }, 30_000);
});
