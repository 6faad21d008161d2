/**
 * Fault: a bundle worker is SIGKILLed in the middle of a burst of bundle flows while another
 * worker lives. BullMQ's stalled check hands the dead worker's jobs to the survivor, so every
 * request still completes with a zip; afterwards nothing is left in Redis under the prefix.
 * Shared Redis (REDIS_URL), unique prefix.
 */
import { Redis } from 'ioredis';
import { sharedRedisUrl, uniquePrefix } from '@aicr/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify, FaultLedger, leftoversAfterDrain, postBundle, recipeBody, sleep, startGateway, startWorker, type Gateway, type WorkerProcess } from './fault-support';

const REQUESTS = 24;
const prefix = uniquePrefix('fault-worker');
const env = { REDIS_URL: sharedRedisUrl(), AICR_REDIS_PREFIX: prefix, AICR_STALLED_INTERVAL_MS: '500', AICR_WORKER_CONCURRENCY: '2' };

let gateway: Gateway;
let victim: WorkerProcess;
let survivor: WorkerProcess;
let redis: Redis;

beforeAll(async () => {
  [victim, survivor] = await Promise.all([startWorker(env), startWorker(env)]);
  gateway = await startGateway({ ...env, AICR_EMBEDDED_WORKER: 'false' });
  redis = new Redis(sharedRedisUrl(), { maxRetriesPerRequest: null });
});

afterAll(async () => {
  gateway?.proc.kill();
  victim?.proc.kill();
  survivor?.proc.kill();
  redis?.disconnect();
});

describe('fault: a worker SIGKILLed mid-flow', () => {
  it('every request completes through the surviving worker; nothing lost, nothing left in Redis', async () => {
    // The whole eks/h100/training recipe: a dozen render jobs per request keep both workers busy.
    const body = await recipeBody(gateway.port);
    const ledger = new FaultLedger('worker-sigkill');
    const inFlight = Array.from({ length: REQUESTS }, () =>
      classify(ledger, postBundle(gateway.port, body), 60_000, (r) => {
        if (r.headers['content-type'] !== 'application/zip') throw new Error('not a zip');
        if (Number(r.headers['x-bundle-files']) < 20) throw new Error(`only ${r.headers['x-bundle-files']} files`);
      }),
    );
    await sleep(400);
    process.kill(victim.pid, 'SIGKILL');
    const t0 = Date.now();
    await Promise.all(inFlight);
    const drainedMs = Date.now() - t0;
    ledger.line();
    console.log(`  victim pid ${victim.pid} killed 400 ms into the burst; the rest finished ${drainedMs} ms later`);

    expect(await victim.proc.exited).not.toBe(0);
    expect(survivor.proc.child.exitCode).toBeNull();
    expect(ledger.count('lost')).toBe(0);
    expect(ledger.count('failed')).toBe(0);
    expect(ledger.count('retryable')).toBe(0);
    expect(ledger.count('succeeded')).toBe(REQUESTS);

    // No job, zip or cancel key left behind (BullMQ bookkeeping only).
    expect(await leftoversAfterDrain(redis, prefix)).toEqual([]);
  }, 120_000);
});
