/**
 * Fault: Redis stops and comes back while requests flow. A gateway process and a worker
 * process on a private redis-server (this test kills it); bundle and recipe requests run
 * continuously. While Redis is down, bundles fail fast with a retryable 503 and recipes keep
 * working (the rate limiter falls back to memory); once Redis is back, bundles succeed again
 * without restarting any app. No request is lost or answered with anything else.
 */
import { Redis } from 'ioredis';
import { RedisServer, uniquePrefix } from '@aicr/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify, FaultLedger, leftoversAfterDrain, getRecipe, postBundle, sleep, startGateway, startWorker, type Gateway, type WorkerProcess } from './fault-support';

const BODY = JSON.stringify({ componentRefs: [{ name: 'gpu-operator' }, { name: 'cert-manager' }] });
const OUTAGE_MS = 3_000;

let redis: RedisServer;
let gateway: Gateway;
let worker: WorkerProcess;
let prefix: string;

beforeAll(async () => {
  redis = await RedisServer.start();
  prefix = uniquePrefix('fault-redis');
  const env = { REDIS_URL: redis.url, AICR_REDIS_PREFIX: prefix, AICR_STALLED_INTERVAL_MS: '500' };
  worker = await startWorker(env);
  gateway = await startGateway({ ...env, AICR_EMBEDDED_WORKER: 'false', AICR_BUNDLE_TIMEOUT_MS: '20000' });
});

afterAll(async () => {
  gateway?.proc.kill();
  worker?.proc.kill();
  await redis?.close();
});

describe('fault: Redis stopped and restarted under load', () => {
  it('bundles fail fast and retryably during the outage, recover after it; recipes never fail; nothing lost', async () => {
    const bundles = new FaultLedger('redis-restart (bundles)');
    const recipes = new FaultLedger('redis-restart (recipes)');
    const t0 = Date.now();
    let outage: { from: number; to: number } | undefined;
    const duringOutage: Array<{ verdict: string; ms: number }> = [];
    let stop = false;
    let n = 0;

    const bundleLoop = async () => {
      while (!stop) {
        const started = Date.now();
        const v = await classify(bundles, postBundle(gateway.port, BODY), 25_000, (r) => expect(r.headers['content-type']).toBe('application/zip'));
        if (outage && started >= outage.from && started < outage.to) duringOutage.push({ verdict: v, ms: Date.now() - started });
        await sleep(50);
      }
    };
    const recipeLoop = async () => {
      while (!stop) {
        // A fresh `nodes` each time so the gateway's recipe cache cannot hide anything.
        await classify(recipes, getRecipe(gateway.port, `service=eks&nodes=${++n}`), 10_000);
        await sleep(50);
      }
    };
    const loops = [bundleLoop(), bundleLoop(), bundleLoop(), recipeLoop()];

    await sleep(1_500);
    outage = { from: Date.now() + 300, to: Date.now() + OUTAGE_MS };
    await redis.stop();
    await sleep(OUTAGE_MS);
    await redis.startProcess();
    const back = Date.now();
    // Recovery: the next successful bundle after Redis came back.
    let recoveredAfterMs = -1;
    while (Date.now() - back < 30_000) {
      const before = bundles.count('succeeded');
      await sleep(200);
      if (bundles.count('succeeded') > before && bundles.verdicts.at(-1)?.verdict === 'succeeded') {
        recoveredAfterMs = Date.now() - back;
        break;
      }
    }
    await sleep(1_500);
    stop = true;
    await Promise.all(loops);

    bundles.line();
    recipes.line();
    console.log(`  outage ${OUTAGE_MS} ms; bundles sent during it ${duringOutage.length}, slowest answer ${Math.max(0, ...duringOutage.map((d) => d.ms))} ms; recovered ${recoveredAfterMs} ms after Redis returned; total ${Date.now() - t0} ms`);

    expect(bundles.count('lost') + recipes.count('lost')).toBe(0);
    expect(bundles.count('failed') + recipes.count('failed')).toBe(0);
    // Recipes do not need Redis.
    expect(recipes.count('retryable')).toBe(0);
    expect(recipes.count('succeeded')).toBeGreaterThan(10);
    // During the outage: retryable, and fast (no waiting out a deadline).
    expect(duringOutage.length).toBeGreaterThan(3);
    expect(duringOutage.every((d) => d.verdict === 'retryable')).toBe(true);
    expect(Math.max(...duringOutage.map((d) => d.ms))).toBeLessThan(3_000);
    // After: bundles work again, with the same processes.
    expect(recoveredAfterMs).toBeGreaterThanOrEqual(0);
    expect(gateway.proc.child.exitCode).toBeNull();
    expect(worker.proc.child.exitCode).toBeNull();
    // Nothing of the flows (before or after the outage) is left behind.
    const redisClient = new Redis(redis.url, { maxRetriesPerRequest: null });
    try {
      expect(await leftoversAfterDrain(redisClient, prefix)).toEqual([]);
    } finally {
      redisClient.disconnect();
    }
  }, 90_000);
});
