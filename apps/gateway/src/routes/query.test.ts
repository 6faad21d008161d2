import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, detailsError, expectEnvelope } from '../test-support/app-fixture';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const get = (qs: string) => app.inject({ method: 'GET', url: `/v1/query?${qs}` });
const post = (payload: string, contentType?: string) =>
  app.inject({ method: 'POST', url: '/v1/query', payload, headers: contentType === undefined ? {} : { 'content-type': contentType } });

function expectValue(res: Awaited<ReturnType<typeof get>>): unknown {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/json');
  expect(res.headers['cache-control']).toBe('public, max-age=600');
  expect(res.headers['x-api-version']).toBe('v1');
  return res.json();
}

const EKS = 'service=eks&accelerator=h100&intent=training';

describe('GET /v1/query (§8.4)', () => {
  it('selector=criteria.service → "eks" (a JSON string)', async () => {
    const res = await get('selector=criteria.service&service=eks');
    expect(expectValue(res)).toBe('eks');
    expect(res.body).toBe('"eks"');
  });

  it('deploymentOrder → array; values.driver → object; driver.version → string', async () => {
    expect(Array.isArray(expectValue(await get(`${EKS}&selector=deploymentOrder`)))).toBe(true);
    const driver = expectValue(await get(`${EKS}&selector=components.gpu-operator.values.driver`)) as Record<string, unknown>;
    expect(driver).toBeTypeOf('object');
    expect(expectValue(await get(`${EKS}&selector=components.gpu-operator.values.driver.version`))).toBe(driver.version);
  });

  it('empty or absent selector → the whole hydrated recipe, criteria with nodes', async () => {
    for (const qs of [EKS, `${EKS}&selector=`]) {
      const doc = expectValue(await get(qs)) as Record<string, any>;
      expect(doc.kind).toBe('RecipeResult');
      expect(doc.criteria).toEqual({ accelerator: 'h100', intent: 'training', nodes: 0, os: 'any', platform: 'any', service: 'eks' });
      expect(doc.metadata.excludedOverlays).toBeNull();
      expect(Object.keys(doc)).toEqual([...Object.keys(doc)].sort());
    }
  });

  it('selector=.kind → "RecipeResult"', async () => {
    expect(expectValue(await get('selector=.kind'))).toBe('RecipeResult');
  });

  it.each(['nonexistent.deep.path', 'kind.x', 'a.', 'a..b', '__proto__', 'constructor', 'components.__proto__.x'])(
    'selector=%s → 404 Selector path not found',
    async (selector) => {
      const res = await get(`selector=${encodeURIComponent(selector)}`);
      const body = expectEnvelope(res, 404, 'NOT_FOUND', 'Selector path not found', 'any');
      expect((body.details as Record<string, unknown>).selector).toBe(selector);
      expect(res.headers['cache-control']).toBeUndefined();
    },
  );

  it('bad criteria → 400 Invalid query criteria', async () => {
    for (const qs of ['accelerator=tpu', 'gpu=x', 'nodes=-1', 'nodes=8abc']) {
      const res = await get(`${qs}&selector=kind`);
      expectEnvelope(res, 400, 'INVALID_REQUEST', 'Invalid query criteria', 'any');
      expect(detailsError(res)).not.toBe('');
    }
  });

  it('HEAD returns the GET headers without a body', async () => {
    const g = await get('selector=kind');
    const h = await app.inject({ method: 'HEAD', url: '/v1/query?selector=kind' });
    expect(h.statusCode).toBe(200);
    expect(h.body).toBe('');
    expect(h.headers['content-length']).toBe(g.headers['content-length']);
    expect(h.headers['cache-control']).toBe('public, max-age=600');
  });
});

describe('POST /v1/query (§8.5)', () => {
  it('JSON body → 200 "eks"', async () => {
    expect(expectValue(await post('{"criteria":{"service":"eks"},"selector":"criteria.service"}', 'application/json'))).toBe('eks');
    expect(expectValue(await post('{"criteria":{"service":"eks"},"selector":"criteria.service"}', 'application/vnd.api+json'))).toBe('eks');
  });

  it('YAML body (and JSON text without a json type) → 200', async () => {
    expect(expectValue(await post('criteria:\n  service: eks\nselector: criteria.service', 'application/x-yaml'))).toBe('eks');
    expect(expectValue(await post('criteria:\n  service: eks\nselector: criteria.service'))).toBe('eks');
    expect(expectValue(await post('{"criteria":{"service":"EKS"},"selector":"criteria.service"}', 'text/plain'))).toBe('eks');
  });

  it('{"criteria":{}} → whole hydrated recipe with all criteria any', async () => {
    const doc = expectValue(await post('{"criteria":{}}', 'application/json')) as Record<string, any>;
    expect(doc.criteria).toEqual({ accelerator: 'any', intent: 'any', nodes: 0, os: 'any', platform: 'any', service: 'any' });
  });

  it('empty body → 400 Invalid query request body', async () => {
    expectEnvelope(await post('', 'application/json'), 400, 'INVALID_REQUEST', 'Invalid query request body', { error: 'request body cannot be empty' });
    expectEnvelope(await post(''), 400, 'INVALID_REQUEST', 'Invalid query request body', { error: 'request body cannot be empty' });
  });

  it('malformed JSON/YAML, non-object, non-string selector → 400 Invalid query request body', async () => {
    for (const [payload, ct] of [
      ['{"criteria":', 'application/json'],
      ['criteria: [x', undefined],
      ['criteria: {service: eks}\n---\nselector: x', 'application/yaml'],
      ['[1,2]', 'application/json'],
      ['{"criteria":{},"selector":5}', 'application/json'],
    ] as const) {
      expectEnvelope(await post(payload, ct), 400, 'INVALID_REQUEST', 'Invalid query request body', 'any');
    }
  });

  it('criteria missing or null → 400 Query criteria cannot be empty, no details', async () => {
    expectEnvelope(await post('{"selector":"kind"}', 'application/json'), 400, 'INVALID_REQUEST', 'Query criteria cannot be empty');
    expectEnvelope(await post('{"criteria":null}', 'application/json'), 400, 'INVALID_REQUEST', 'Query criteria cannot be empty');
    expectEnvelope(await post('selector: kind', 'application/yaml'), 400, 'INVALID_REQUEST', 'Query criteria cannot be empty');
  });

  it.each([
    '{"criteria":{"accelerator":"tpu"}}',
    '{"criteria":{"nodes":-1}}',
    '{"criteria":{"nodes":1.5}}',
    '{"criteria":{"nodes":"8"}}',
    '{"criteria":"eks"}',
  ])('%s → 400 Invalid criteria in request body', async (payload) => {
    expectEnvelope(await post(payload, 'application/json'), 400, 'INVALID_REQUEST', 'Invalid criteria in request body', 'any');
  });

  it('selector miss → 404 as GET', async () => {
    const res = await post('{"criteria":{},"selector":"nonexistent.deep.path"}', 'application/json');
    expectEnvelope(res, 404, 'NOT_FOUND', 'Selector path not found', 'any');
  });

  it('> 1 MiB → 413', async () => {
    const big = JSON.stringify({ criteria: {}, pad: 'x'.repeat(1_048_576) });
    expectEnvelope(await post(big, 'application/json'), 413, 'INVALID_REQUEST', 'Request body too large', { limit: 1_048_576 });
  });

  it.each(['PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const)('%s → 405 Allow: GET, POST', async (method) => {
    const res = await app.inject({ method, url: '/v1/query' });
    expectEnvelope(res, 405, 'METHOD_NOT_ALLOWED', 'Method not allowed', { method, allowed: ['GET', 'POST'] });
    expect(res.headers.allow).toBe('GET, POST');
  });
});
