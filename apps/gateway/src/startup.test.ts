import { loadConfig } from '@aicr/platform';
import { describe, expect, it } from 'vitest';
import { Readiness } from './deps';
import { loadGatewayData, StartupError } from './startup';
import { UPSTREAM_RECIPES } from './test-support/app-fixture';

describe('loadGatewayData (start-up checks main.ts runs before listening)', () => {
  it('loads allowlists and the catalog', async () => {
    const { config } = loadConfig({ AICR_RECIPES_DIR: UPSTREAM_RECIPES, AICR_ALLOWED_OS: 'al2, any' });
    const data = await loadGatewayData(config);
    expect(data.allowlists).toEqual({ os: ['amazonlinux'] });
    expect(data.catalog.registry.components.length).toBeGreaterThan(0);
  });

  it('an invalid allowlist item refuses start-up', async () => {
    const { config } = loadConfig({ AICR_RECIPES_DIR: UPSTREAM_RECIPES, AICR_ALLOWED_ACCELERATORS: 'h100,tpu' });
    const err = await loadGatewayData(config).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StartupError);
    expect((err as Error).message).toMatch(/AICR_ALLOWED_ACCELERATORS.*tpu/);
  });

  it('a missing catalog refuses start-up', async () => {
    const { config } = loadConfig({ AICR_RECIPES_DIR: '/nonexistent/recipes' });
    await expect(loadGatewayData(config)).rejects.toThrow(/cannot load the recipe data from \/nonexistent\/recipes/);
  });
});

describe('Readiness', () => {
  it('starting → ready → stopping, never back', () => {
    const r = new Readiness();
    expect(r.state).toBe('starting');
    r.markReady();
    expect(r.state).toBe('ready');
    r.markStopping();
    r.markReady();
    expect(r.state).toBe('stopping');
  });
});
