/**
 * Fault: 200 bundle requests at once against one gateway process and two worker processes
 * (shared Redis, unique prefix). Every request completes with a zip or gets a retryable 503
 * (queue full, H31); none hangs; afterwards Redis holds no job, zip or cancel key under the
 * prefix.
 */
import { Redis } from 'ioredis';
import { sharedRedisUrl, uniquePrefix } from '@aicr/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify, FaultLedger, leftoversAfterDrain, postBundle, startGateway, startWorker, type Gateway, type WorkerProcess } from './fault-support';

const REQUESTS = 200;
const prefix = uniquePrefix('fault-200');
const env = { REDIS_URL: sharedRedisUrl(), AICR_REDIS_PREFIX: prefix, AICR_WORKER_CONCURRENCY: '4' };

let gateway: Gateway;
let workers: WorkerProcess[] = [];
let redis: Redis;

beforeAll(async () => {
  workers = await Promise.all([startWorker(env), startWorker(env)]);
  gateway = await startGateway({ ...env, AICR_EMBEDDED_WORKER: 'false' });
  redis = new Redis(sharedRedisUrl(), { maxRetriesPerRequest: null });
});
afterAll(() => {
  gateway?.proc.kill();
  for (const w of workers) w.proc.kill();
  redis?.disconnect();
});

describe('fault: 200 concurrent bundle requests', () => {
  it('all complete or fail retryably, none hangs, nothing is left in Redis', async () => {
    const ledger = new FaultLedger('200-concurrent');
    const body = JSON.stringify({ componentRefs: [{ name: 'gpu-operator' }, { name: 'cert-manager' }, { name: 'skyhook-operator' }] });
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: REQUESTS }, () =>
        classify(ledger, postBundle(gateway.port, body), 70_000, (r) => {
          if (r.headers['content-type'] !== 'application/zip' || r.body.length !== Number(r.headers['content-length'])) throw new Error('incomplete zip');
        }),
      ),
    );
    const elapsed = Date.now() - t0;
    ledger.line();
    console.log(`  all answered in ${elapsed} ms; slowest ${Math.max(...ledger.verdicts.map((v) => v.ms))} ms`);

    expect(ledger.verdicts).toHaveLength(REQUESTS);
    expect(ledger.count('lost')).toBe(0);
    expect(ledger.count('failed')).toBe(0);
    expect(ledger.count('succeeded') + ledger.count('retryable')).toBe(REQUESTS);
    expect(ledger.count('succeeded')).toBeGreaterThanOrEqual(100);

    expect(await leftoversAfterDrain(redis, prefix)).toEqual([]);
    // And after the burst the service is normal again.
    const after = await classify(ledger, postBundle(gateway.port, body), 30_000);
    expect(after).toBe('succeeded');
  }, 150_000);
});
