/**
 * Fault: the recipe service (split mode) is SIGKILLed while recipe and query requests flow, then
 * started again on the same port. The gateway answers 503 (retryable, Retry-After, fast) while
 * it is gone, keeps serving bundles (it holds the catalog itself) and /health, and recovers
 * without a restart once the service is back. No request is lost.
 */
import { freePort, startApp, type RunningProcess } from '@aicr/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, waitForStatus } from './raw-http';
import { classify, FaultLedger, postBundle, sleep, startGateway, UPSTREAM_RECIPES, type Gateway } from './fault-support';

const RECIPE_TIMEOUT_MS = 3_000;
let recipePort: number;
let recipeService: RunningProcess | undefined;
let gateway: Gateway;

async function startRecipeService(): Promise<RunningProcess> {
  const p = startApp('recipe-service', { PORT: String(recipePort), AICR_RECIPES_DIR: UPSTREAM_RECIPES });
  await waitForStatus(recipePort, '/ready', 200, 60_000, p);
  return p;
}

beforeAll(async () => {
  recipePort = await freePort();
  recipeService = await startRecipeService();
  gateway = await startGateway({ RECIPE_SERVICE_URL: `http://127.0.0.1:${recipePort}`, AICR_RECIPE_TIMEOUT_MS: String(RECIPE_TIMEOUT_MS) });
});

afterAll(() => {
  gateway?.proc.kill();
  recipeService?.kill();
});

describe('fault: recipe service killed and restarted', () => {
  it('503 fast while it is gone, bundles and health unaffected, recovery without a gateway restart', async () => {
    const recipes = new FaultLedger('recipe-service-kill (recipe/query)');
    const bundles = new FaultLedger('recipe-service-kill (bundles)');
    let down: { from: number; to: number } | undefined;
    const duringOutage: Array<{ verdict: string; ms: number }> = [];
    let stop = false;
    let n = 0;
    const recipeLoop = async (kind: 'recipe' | 'query') => {
      while (!stop) {
        const started = Date.now();
        const path = kind === 'recipe' ? `/v1/recipe?service=eks&nodes=${++n}` : `/v1/query?service=gke&nodes=${++n}&selector=criteria.service`;
        const v = await classify(recipes, () => request({ port: gateway.port, path }), 15_000);
        if (down && started >= down.from && started < down.to) duringOutage.push({ verdict: v, ms: Date.now() - started });
        await sleep(50);
      }
    };
    const bundleLoop = async () => {
      while (!stop) {
        await classify(bundles, postBundle(gateway.port, JSON.stringify({ componentRefs: [{ name: 'cert-manager' }] })), 15_000);
        await sleep(100);
      }
    };
    const loops = [recipeLoop('recipe'), recipeLoop('query'), bundleLoop()];

    await sleep(1_000);
    recipeService!.kill();
    await recipeService!.exited;
    down = { from: Date.now() + 200, to: Date.now() + 2_500 };
    await sleep(2_500);
    const health = await request({ port: gateway.port, path: '/health' });
    recipeService = await startRecipeService();
    const back = Date.now();
    let recoveredAfterMs = -1;
    while (Date.now() - back < 15_000) {
      const r = await request({ port: gateway.port, path: `/v1/recipe?service=eks&nodes=${++n}` });
      if (r.status === 200) {
        recoveredAfterMs = Date.now() - back;
        break;
      }
      await sleep(100);
    }
    await sleep(1_000);
    stop = true;
    await Promise.all(loops);

    recipes.line();
    bundles.line();
    console.log(`  recipe requests during the outage ${duringOutage.length}, slowest ${Math.max(0, ...duringOutage.map((d) => d.ms))} ms; recovered ${recoveredAfterMs} ms after the service was ready`);

    expect(recipes.count('lost') + bundles.count('lost')).toBe(0);
    expect(recipes.count('failed') + bundles.count('failed')).toBe(0);
    expect(bundles.count('retryable')).toBe(0);
    expect(bundles.count('succeeded')).toBeGreaterThan(3);
    expect(duringOutage.length).toBeGreaterThan(3);
    expect(duringOutage.every((d) => d.verdict === 'retryable')).toBe(true);
    expect(Math.max(...duringOutage.map((d) => d.ms))).toBeLessThan(RECIPE_TIMEOUT_MS);
    expect(health.status).toBe(200);
    expect(recoveredAfterMs).toBeGreaterThanOrEqual(0);
    expect(gateway.proc.child.exitCode).toBeNull();
  }, 90_000);
});
