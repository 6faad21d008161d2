import { MemoryBucketStore } from '@aicr/platform';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, expectEnvelope } from '../test-support/app-fixture';
import { clientKey } from './rate-limit';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

// A frozen clock: with real time, tokens flow back between two requests.
const frozen = (perSecond: number, burst: number) => new MemoryBucketStore({ perSecond, burst }, { now: () => 0, sweepEveryMs: 0 });

describe('rate limiting in the app (§4)', () => {
  it('keys IPv4-mapped IPv6 peers as IPv4', () => {
    expect(clientKey('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(clientKey('::1')).toBe('::1');
  });

  it('first request from an IP sees 199 of 100; 405 and 404 cost a token; health does not', async () => {
    app = await buildTestApp({ rateLimitStore: frozen(100, 200) });
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
    const healthPost = await app.inject({ method: 'POST', url: '/health' });
    expect(healthPost.statusCode).toBe(405);
    expect(healthPost.headers['x-ratelimit-limit']).toBeUndefined();
    expect(healthPost.headers['x-api-version']).toBeUndefined();
    expect((await app.inject({ method: 'GET', url: '/' })).headers['x-ratelimit-remaining']).toBe('196');
  });

  it('the default store (no injected one) limits too', async () => {
    app = await buildTestApp({ env: { AICR_RATE_LIMIT: '1', AICR_RATE_LIMIT_BURST: '1' } });
    expect((await app.inject({ method: 'GET', url: '/' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/' })).statusCode).toBe(429);
  });

  it('an empty bucket → 429 envelope with Retry-After: 1 and the configured details; per IP', async () => {
    app = await buildTestApp({ env: { AICR_RATE_LIMIT: '5', AICR_RATE_LIMIT_BURST: '2' }, rateLimitStore: frozen(5, 2) });
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
    expect((await from('::ffff:127.0.0.1')).statusCode).toBe(429);
    expect((await app.inject({ method: 'GET', url: '/ready', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
  });
});
