import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryRateLimitStore } from '../rate-limit/memory-store';
import { buildTestApp, expectEnvelope } from '../test-support/app-fixture';
import { clientKey } from './rate-limit';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('MemoryRateLimitStore (§4 token bucket)', () => {
  it('starts full, refills continuously, caps at burst', () => {
    let t = 0;
    const store = new MemoryRateLimitStore({ perSecond: 2, burst: 3 }, () => t);
    expect([store.take('a'), store.take('a'), store.take('a'), store.take('a')]).toEqual([
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
    store.sweep();
    expect(store.size).toBe(1); // 'b' had refilled to full; 'a' was just used
    t = 200_000;
    store.sweep();
    expect(store.size).toBe(0);
    store.close();
  });

  it('keys IPv4-mapped IPv6 peers as IPv4', () => {
    expect(clientKey('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(clientKey('::1')).toBe('::1');
  });
});

describe('rate limiting in the app (§4)', () => {
  it('first request from an IP sees 199 of 100; headers on success and errors', async () => {
    // A frozen clock: with real time, tokens flow back between two requests.
    app = await buildTestApp({ rateLimitStore: new MemoryRateLimitStore({ perSecond: 100, burst: 200 }, () => 0) });
    const now = Math.floor(Date.now() / 1000);
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.headers['x-ratelimit-limit']).toBe('100');
    expect(res.headers['x-ratelimit-remaining']).toBe('199');
    expect(Number(res.headers['x-ratelimit-reset'])).toBeGreaterThanOrEqual(now + 1);
    const err = await app.inject({ method: 'DELETE', url: '/v1/recipe' });
    expect(err.statusCode).toBe(405);
    expect(err.headers['x-ratelimit-remaining']).toBe('198');
    const missing = await app.inject({ method: 'GET', url: '/nope' });
    expect(missing.headers['x-ratelimit-remaining']).toBe('197');
    const health = await app.inject({ method: 'GET', url: '/health' });
    expect(health.headers['x-ratelimit-limit']).toBeUndefined();
  });

  it('an empty bucket → 429 envelope with Retry-After: 1 and the configured details; per IP', async () => {
    const t = 0;
    app = await buildTestApp({
      env: { AICR_RATE_LIMIT: '5', AICR_RATE_LIMIT_BURST: '2' },
      rateLimitStore: new MemoryRateLimitStore({ perSecond: 5, burst: 2 }, () => t),
    });
    const from = (remoteAddress: string) => app!.inject({ method: 'GET', url: '/v1/recipe', remoteAddress });
    expect((await from('127.0.0.1')).statusCode).toBe(200);
    expect((await from('127.0.0.1')).statusCode).toBe(200);
    const res = await from('127.0.0.1');
    expectEnvelope(res, 429, 'RATE_LIMIT_EXCEEDED', 'Rate limit exceeded', { limit: 5, burst: 2 });
    expect(res.headers['retry-after']).toBe('1');
    expect(res.headers['x-ratelimit-limit']).toBe('5');
    expect(res.headers['x-ratelimit-remaining']).toBe('0');
    expect(res.headers['x-ratelimit-reset']).toBeDefined();
    expect((await from('127.0.0.2')).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/ready', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
  });
});
