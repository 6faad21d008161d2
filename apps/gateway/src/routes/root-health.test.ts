import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { LocalRecipeSource } from '../recipe-source/local';
import { RecipeEngine } from '@aicr/recipe-engine';
import { buildTestApp, expectEnvelope, SlowRecipeSource, testCatalog } from '../test-support/app-fixture';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('GET / (§8.1)', () => {
  it('service info with the three routes in order', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-api-version']).toBe('v1');
    expect(res.headers['cache-control']).toBeUndefined();
    expect(res.json()).toEqual({ service: 'aicrd', version: expect.any(String), routes: ['/v1/recipe', '/v1/query', '/v1/bundle'] });
    expect(res.json().version).not.toMatch(/^v/);
  });

  it('HEAD = GET headers without body', async () => {
    const res = await app.inject({ method: 'HEAD', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(res.headers['content-type']).toBe('application/json');
  });
});

describe('404 and 405 (§1, §3.2, §3.3)', () => {
  it.each([
    ['GET', '/foo'],
    ['POST', '/v1/recipe/'],
    ['GET', '/V1/RECIPE'],
    ['DELETE', '/nope'],
    ['GET', '/v1'],
  ] as const)('%s %s → 404 Route not found', async (method, url) => {
    const res = await app.inject({ method, url: `${url}?a=1` });
    expectEnvelope(res, 404, 'NOT_FOUND', 'Route not found', { method, path: url });
    expect(res.headers['x-api-version']).toBe('v1');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it.each(['/v1/%ZZ', '/%'])('a path that does not decode (%s) → 404 envelope', async (url) => {
    const res = await app.inject({ method: 'GET', url });
    expectEnvelope(res, 404, 'NOT_FOUND', 'Route not found', { method: 'GET', path: url });
    expect(res.headers['x-api-version']).toBe('v1');
  });

  const cases: Array<[string, string, string, boolean]> = [
    ['/', 'POST', 'GET', false],
    ['/', 'OPTIONS', 'GET', false],
    ['/v1/recipe', 'DELETE', 'GET, POST', true],
    ['/v1/recipe', 'OPTIONS', 'GET, POST', true],
    ['/v1/query', 'PUT', 'GET, POST', true],
    ['/v1/query', 'PATCH', 'GET, POST', true],
    ['/health', 'POST', 'GET', false],
    ['/health', 'OPTIONS', 'GET', false],
    ['/ready', 'DELETE', 'GET', false],
  ];
  it.each(cases)('%s %s → 405 Allow: %s', async (url, method, allow, listsAllowed) => {
    const res = await app.inject({ method: method as 'GET', url, headers: { origin: 'https://example.com', 'access-control-request-method': 'POST' } });
    const details = listsAllowed ? { method, allowed: allow.split(', ') } : { method };
    expectEnvelope(res, 405, 'METHOD_NOT_ALLOWED', 'Method not allowed', details);
    expect(res.headers.allow).toBe(allow);
    expect(Object.keys(res.headers).some((h) => h.startsWith('access-control-'))).toBe(false);
  });
});

describe('X-Request-Id (§2.1, H29)', () => {
  const valid = '550e8400-e29b-41d4-a716-446655440000';
  it.each([valid, valid.toUpperCase(), `urn:uuid:${valid}`, `{${valid}}`, valid.replace(/-/g, '')])('echoes %s', async (id) => {
    const res = await app.inject({ method: 'GET', url: '/v1/recipe?accelerator=tpu', headers: { 'x-request-id': id } });
    expect(res.headers['x-request-id']).toBe(id);
    expect(res.json().requestId).toBe(id);
  });

  it.each(['', 'abc', 'x'.repeat(65), `${valid}\r\nX-Evil: 1`, `${valid}x`, `${valid}${valid}`])('replaces %j with a fresh v4', async (id) => {
    // inject refuses CR/LF in header values on some Node versions; the raw-socket test covers the wire.
    const res = await app.inject({ method: 'GET', url: '/', headers: { 'x-request-id': id } }).catch(() => undefined);
    if (res === undefined) return expect(id).toMatch(/\r\n/);
    expect(res.headers['x-request-id']).toMatch(UUID_V4);
    expect(res.headers['x-request-id']).not.toBe(id);
    expect(res.headers['x-evil']).toBeUndefined();
  });

  it('generates one when absent, on every route incl. health, ready, 404, 405', async () => {
    for (const [method, url] of [['GET', '/'], ['GET', '/health'], ['GET', '/ready'], ['GET', '/nope'], ['PUT', '/health']] as const) {
      const res = await app.inject({ method, url });
      expect(res.headers['x-request-id'], `${method} ${url}`).toMatch(UUID_V4);
    }
  });
});

describe('GET /health and /ready (§8.7)', () => {
  it('/health → 200 healthy, outside the API chain', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-api-version']).toBeUndefined();
    expect(res.json()).toEqual({ status: 'healthy', timestamp: expect.stringMatching(/Z$/) });
  });

  it('/ready → 200 with checks.recipes only (no REDIS_URL)', async () => {
    const res = await app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', timestamp: expect.any(String), checks: { recipes: 'ok' } });
    const head = await app.inject({ method: 'HEAD', url: '/ready' });
    expect([head.statusCode, head.body]).toEqual([200, '']);
  });

  it('/ready → 503 while the recipe source is not ready (split mode)', async () => {
    const inner = new LocalRecipeSource(new RecipeEngine(await testCatalog()));
    const split = await buildTestApp({ recipeSource: new SlowRecipeSource(inner, 0, false) });
    try {
      const res = await split.inject({ method: 'GET', url: '/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'not_ready', timestamp: expect.any(String), reason: 'recipe service is unreachable', checks: { recipes: 'unavailable' } });
      expect((await split.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    } finally {
      await split.close();
    }
  });

  it('/ready → 503 once shutdown began; queue reported when REDIS_URL is set', async () => {
    const other = await buildTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    let res = await other.inject({ method: 'GET', url: '/ready' });
    // No bundle runner given: the queue is reported unavailable, which never fails /ready.
    expect(res.statusCode).toBe(200);
    expect(res.json().checks).toEqual({ recipes: 'ok', queue: 'unavailable' });
    other.deps.readiness.markStopping();
    res = await other.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'not_ready', reason: 'service is shutting down' });
    await other.close();
  });
});
