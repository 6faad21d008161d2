import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RECIPE_SERVICE_ROUTES } from '@aicr/contracts';
import { freePort, startApp, waitForPort } from '@aicr/testing';
import { afterAll, describe, expect, it } from 'vitest';

/** The real entry point as its own process, with the real catalog unless told otherwise. */
const start = (env: Record<string, string>) => startApp('recipe-service', { LOG_LEVEL: 'error', ...env });

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
    const proc = start({ PORT: String(port) });
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
      proc.signal('SIGTERM');
    }
    expect(await proc.exited).toBe(0);
  }, 30_000);
});
