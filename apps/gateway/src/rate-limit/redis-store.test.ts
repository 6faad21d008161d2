import { randomUUID } from 'node:crypto';
import { RedisServer } from '@aicr/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisRateLimitStore } from './redis-store';

let redis: RedisServer;
beforeAll(async () => {
  redis = await RedisServer.start();
});
afterAll(async () => {
  await redis.close();
});

const waitReady = async (store: RedisRateLimitStore) => {
  // The first command may race the connection; retry until Redis answers (or give up).
  for (let i = 0; i < 50; i++) {
    if ((store as unknown as { redis: { status: string } }).redis.status === 'ready') return;
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('RedisRateLimitStore (§4 shared buckets)', () => {
  it('two gateways share one bucket per IP', async () => {
    const prefix = `test:${randomUUID()}:`;
    const limits = { perSecond: 1, burst: 3 };
    const a = new RedisRateLimitStore({ redisUrl: redis.url, limits, prefix });
    const b = new RedisRateLimitStore({ redisUrl: redis.url, limits, prefix });
    await Promise.all([waitReady(a), waitReady(b)]);
    try {
      const results = [await a.take('10.0.0.1'), await b.take('10.0.0.1'), await a.take('10.0.0.1'), await b.take('10.0.0.1')];
      expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
      expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
      expect((await b.take('10.0.0.2')).remaining).toBe(2);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('falls back to in-memory buckets when Redis is unreachable, logging once', async () => {
    const warnings: unknown[] = [];
    const store = new RedisRateLimitStore({
      redisUrl: 'redis://127.0.0.1:1',
      limits: { perSecond: 1, burst: 2 },
      logger: { warn: (o) => warnings.push(o), info: () => {} },
    });
    try {
      const results = [await store.take('ip'), await store.take('ip'), await store.take('ip')];
      expect(results.map((r) => r.allowed)).toEqual([true, true, false]);
      expect(warnings).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
