import { Redis } from 'ioredis';
import { RedisServer, sharedRedisUrl, uniquePrefix } from '@aicr/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createRateLimitStore, MemoryBucketStore, RedisBucketStore, SharedBucketStore } from './index';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe('MemoryBucketStore (§4)', () => {
  it('starts full, refills continuously, caps at burst', () => {
    let t = 0;
    const store = new MemoryBucketStore({ perSecond: 2, burst: 3 }, { now: () => t, sweepEveryMs: 0 });
    expect([1, 2, 3, 4].map(() => store.take('a'))).toEqual([
      { allowed: true, remaining: 2 },
      { allowed: true, remaining: 1 },
      { allowed: true, remaining: 0 },
      { allowed: false, remaining: 0 },
    ]);
    t = 500; // one token back
    expect(store.take('a')).toEqual({ allowed: true, remaining: 0 });
    expect(store.take('b')).toEqual({ allowed: true, remaining: 2 });
    t = 100_000;
    expect(store.take('a')).toEqual({ allowed: true, remaining: 2 });
  });

  it('drops idle buckets once they are full again, and never holds more than maxKeys', () => {
    let t = 0;
    const store = new MemoryBucketStore({ perSecond: 100, burst: 200 }, { now: () => t, sweepEveryMs: 0, maxKeys: 3 });
    for (const ip of ['1', '2', '3', '4']) store.take(ip);
    expect(store.size).toBe(3);
    // '1' was least recently used and went; its next request sees a fresh bucket.
    store.take('2');
    store.take('2');
    expect(store.take('1').remaining).toBe(199);
    t = 1_999; // 2 s refill needed for a bucket with 199+ tokens... still one ms short
    store.sweep();
    expect(store.size).toBe(3);
    t = 2_000;
    store.sweep();
    expect(store.size).toBe(0);
  });
});

describe('RedisBucketStore (§4, shared)', () => {
  it('two clients on one Redis key share one bucket; first request sees burst-1; key has a TTL', async () => {
    const prefix = uniquePrefix('rl');
    const a = new Redis(sharedRedisUrl());
    const b = new Redis(sharedRedisUrl());
    closers.push(() => a.quit(), () => b.quit());
    const limits = { perSecond: 1, burst: 10 };
    const s1 = new RedisBucketStore(a, limits, prefix);
    const s2 = new RedisBucketStore(b, limits, prefix);
    const first = await s1.take('10.0.0.1');
    expect(first).toEqual({ allowed: true, remaining: 9 });
    const results = await Promise.all(Array.from({ length: 15 }, (_, i) => (i % 2 ? s1 : s2).take('10.0.0.1')));
    expect(results.filter((r) => r.allowed)).toHaveLength(9);
    expect(results.filter((r) => !r.allowed).every((r) => r.remaining === 0)).toBe(true);
    // Another client is untouched.
    expect(await s2.take('10.0.0.2')).toEqual({ allowed: true, remaining: 9 });
    const ttl = await a.pttl(s1.keyOf('10.0.0.1'));
    expect(ttl).toBeGreaterThan(10_000);
    expect(ttl).toBeLessThanOrEqual(11_000);
  });

  it('refills continuously between calls', async () => {
    const prefix = uniquePrefix('rl-refill');
    const a = new Redis(sharedRedisUrl());
    closers.push(() => a.quit());
    const store = new RedisBucketStore(a, { perSecond: 20, burst: 2 }, prefix);
    expect((await store.take('ip')).allowed).toBe(true);
    expect((await store.take('ip')).allowed).toBe(true);
    expect((await store.take('ip')).allowed).toBe(false);
    await sleep(120); // 2.4 tokens at 20/s, capped at the burst of 2
    expect(await store.take('ip')).toEqual({ allowed: true, remaining: 1 });
  });
});

describe('SharedBucketStore: Redis outage', () => {
  it('falls back to memory buckets, logs once per outage, and shares again when Redis returns', async () => {
    const server = await RedisServer.start();
    closers.push(() => server.close());
    const logs: string[] = [];
    const logger = { warn: (_: unknown, m?: string) => logs.push(`warn:${m}`), info: (_: unknown, m?: string) => logs.push(`info:${m}`) };
    const store = new SharedBucketStore({ redisUrl: server.url, prefix: uniquePrefix('rl-out'), limits: { perSecond: 1, burst: 5 }, logger });
    closers.push(() => store.close());
    await new Promise<void>((resolve) => (store.redis.status === 'ready' ? resolve() : store.redis.once('ready', () => resolve())));

    expect(await store.take('ip')).toEqual({ allowed: true, remaining: 4 });
    await server.stop();
    const during = [];
    for (let i = 0; i < 8; i++) during.push(await store.take('ip'));
    // The memory fallback starts its own full bucket; no request failed.
    expect(during.slice(0, 5).every((r) => r.allowed)).toBe(true);
    expect(during[5]).toEqual({ allowed: false, remaining: 0 });
    expect(store.isDegraded).toBe(true);
    expect(logs.filter((l) => l.startsWith('warn:'))).toHaveLength(1);

    await server.startProcess();
    const t0 = Date.now();
    while (store.redis.status !== 'ready' && Date.now() - t0 < 10_000) await sleep(50);
    // Redis is tried again at most once a second; then the shared bucket, which kept its state.
    let after = await store.take('ip');
    while (store.isDegraded && Date.now() - t0 < 10_000) {
      await sleep(100);
      after = await store.take('ip');
    }
    expect(store.isDegraded).toBe(false);
    expect(after.allowed).toBe(true);
    expect(logs).toEqual([expect.stringMatching(/^warn:.*Redis unavailable/), expect.stringMatching(/^info:.*Redis is back/)]);
  });

  it('a Redis that hangs costs one request the command timeout, not every request', async () => {
    const server = await RedisServer.start();
    closers.push(() => server.close());
    const store = new SharedBucketStore({ redisUrl: server.url, prefix: uniquePrefix('rl-hang'), limits: { perSecond: 1, burst: 50 }, commandTimeoutMs: 200 });
    closers.push(() => store.close());
    await new Promise<void>((resolve) => (store.redis.status === 'ready' ? resolve() : store.redis.once('ready', () => resolve())));
    const blocker = new Redis(server.url);
    closers.push(() => blocker.disconnect());
    // A script that never ends keeps Redis from answering anyone (DEBUG SLEEP is disabled).
    void blocker.eval('while true do end', 0).catch(() => undefined);
    await sleep(50);

    let t = Date.now();
    expect((await store.take('ip')).allowed).toBe(true);
    expect(Date.now() - t).toBeLessThan(600);
    expect(store.isDegraded).toBe(true);
    t = Date.now();
    for (let i = 0; i < 10; i++) expect((await store.take('ip')).allowed).toBe(true);
    expect(Date.now() - t).toBeLessThan(100);
  });

  it('createRateLimitStore: memory without REDIS_URL, shared with it', async () => {
    const limits = { perSecond: 100, burst: 200 };
    const memory = createRateLimitStore({ limits, prefix: 'x' });
    expect(memory).toBeInstanceOf(MemoryBucketStore);
    await memory.close?.();
    const shared = createRateLimitStore({ limits, prefix: uniquePrefix('rl-create'), redisUrl: sharedRedisUrl() });
    closers.push(() => shared.close?.());
    expect(shared).toBeInstanceOf(SharedBucketStore);
  });
});
