/**
 * Split mode end to end: the gateway and the recipe service as two Node processes on real
 * sockets. The recipe service dies and comes back; the gateway answers 503 fast meanwhile,
 * reports not ready, and recovers without a restart.
 */
import { freePort, startApp, waitForPort, type RunningProcess } from '@aicr/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const RECIPE_TIMEOUT_MS = 2_000;
const RECIPE_QUERY = 'accelerator=h100&service=eks&intent=training&os=ubuntu';

async function get(url: string): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

/** Polls `url` until it answers `status` (connection errors count as "not yet"). */
async function waitForStatus(url: string, status: number, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  let last: unknown;
  while (Date.now() - t0 < timeoutMs) {
    last = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then((r) => r.status, (e: Error) => e.message);
    if (last === status) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last: ${String(last)})`);
}

describe('split mode: gateway → recipe service over HTTP', () => {
  let recipePort: number;
  let gatewayPort: number;
  let recipeService: RunningProcess | undefined;
  let gateway: RunningProcess | undefined;
  const gw = (path: string) => `http://127.0.0.1:${gatewayPort}${path}`;
  const startRecipeService = () => startApp('recipe-service', { PORT: String(recipePort) });

  beforeAll(async () => {
    recipePort = await freePort();
    gatewayPort = await freePort();
    recipeService = startRecipeService();
    gateway = startApp('gateway', {
      PORT: String(gatewayPort),
      RECIPE_SERVICE_URL: `http://127.0.0.1:${recipePort}`,
      AICR_RECIPE_TIMEOUT_MS: String(RECIPE_TIMEOUT_MS),
    });
    try {
      await waitForPort(recipePort, '127.0.0.1', 30_000);
      await waitForPort(gatewayPort, '127.0.0.1', 30_000);
      await waitForStatus(gw('/ready'), 200, 30_000);
    } catch (err) {
      throw new Error(`start-up failed: ${(err as Error).message}\n--- recipe service ---\n${recipeService.output()}\n--- gateway ---\n${gateway.output()}`);
    }
  });

  afterAll(() => {
    gateway?.kill();
    recipeService?.kill();
  });

  it('serves a recipe through the gateway from the recipe service process', async () => {
    const res = await get(gw(`/v1/recipe?${RECIPE_QUERY}`));
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('RecipeResult');
    expect(res.body.criteria).toEqual({ service: 'eks', accelerator: 'h100', intent: 'training', os: 'ubuntu', platform: 'any' });
    expect((res.body.componentRefs as unknown[]).length).toBeGreaterThan(0);
  });

  it('answers 503 SERVICE_UNAVAILABLE fast and turns not ready while the recipe service is down', async () => {
    recipeService!.child.kill('SIGTERM');
    expect(await recipeService!.exited).toBe(0);

    // A `nodes` value never asked before: a gateway-side recipe cache (API.md §8.2 allows one)
    // could otherwise answer from memory and never touch the dead service.
    const t0 = Date.now();
    const res = await get(gw(`/v1/recipe?${RECIPE_QUERY}&nodes=2`));
    const elapsed = Date.now() - t0;
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
    expect(res.headers.get('retry-after')).toBe('1');
    expect(elapsed).toBeLessThan(RECIPE_TIMEOUT_MS);

    // The client caches readiness for about a second, so /ready may lag by that much.
    await waitForStatus(gw('/ready'), 503, 5_000);
    const ready = await get(gw('/ready'));
    expect(ready.body).toMatchObject({ status: 'not_ready', checks: { recipes: 'unavailable' } });
    expect((await get(gw('/health'))).status).toBe(200);
  });

  it('recovers without a gateway restart once the recipe service is back on the same port', async () => {
    recipeService = startRecipeService();
    await waitForPort(recipePort, '127.0.0.1', 30_000);

    await waitForStatus(gw(`/v1/recipe?${RECIPE_QUERY}&nodes=3`), 200, 10_000);
    const res = await get(gw(`/v1/recipe?${RECIPE_QUERY}&nodes=4`));
    expect(res.status).toBe(200);
    expect(res.body.criteria).toMatchObject({ service: 'eks', accelerator: 'h100', nodes: 4 });
    await waitForStatus(gw('/ready'), 200, 5_000);
    expect(gateway!.child.exitCode).toBeNull();
  });
});
