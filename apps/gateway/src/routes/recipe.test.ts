import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, detailsError, EKS_TRAINING_CRITERIA_YAML, expectEnvelope } from '../test-support/app-fixture';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const get = (url: string) => app.inject({ method: 'GET', url });
const post = (payload: string, contentType?: string) =>
  app.inject({ method: 'POST', url: '/v1/recipe', payload, headers: contentType === undefined ? {} : { 'content-type': contentType } });

const EKS_H100_TRAINING = ['base', 'monitoring-hpa', 'eks', 'eks-training', 'h100-eks-training'];

function expectRecipe(res: Awaited<ReturnType<typeof get>>, criteria: Record<string, unknown>) {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/json');
  expect(res.headers['cache-control']).toBe('public, max-age=600');
  expect(res.headers['x-api-version']).toBe('v1');
  const body = res.json();
  expect(Object.keys(body).slice(0, 4)).toEqual(['kind', 'apiVersion', 'metadata', 'criteria']);
  expect(body.kind).toBe('RecipeResult');
  expect(body.apiVersion).toBe('aicr.nvidia.com/v1alpha1');
  expect(body.metadata.appliedOverlays[0]).toBe('base');
  expect(body.criteria).toEqual(criteria);
  expect(body.componentRefs.length).toBeGreaterThan(0);
  expect(body.deploymentOrder.length).toBe(body.componentRefs.length);
  return body;
}

const ANY = { service: 'any', accelerator: 'any', intent: 'any', os: 'any', platform: 'any' };

describe('GET /v1/recipe (§8.2)', () => {
  it('no parameters → all any', async () => {
    expectRecipe(await get('/v1/recipe'), ANY);
  });

  it('valid values in any case, padded, with aliases → canonical criteria', async () => {
    const body = expectRecipe(await get('/v1/recipe?service=EKS&gpu=%20H100%20&intent=Training&os=al2023&nodes=8'), {
      service: 'eks', accelerator: 'h100', intent: 'training', os: 'amazonlinux', platform: 'any', nodes: 8,
    });
    expect(body.metadata.appliedOverlays.slice(0, 5)).toEqual(EKS_H100_TRAINING);
    expectRecipe(await get('/v1/recipe?service=self-managed&platform=Dynamo&os=al2'), { ...ANY, platform: 'dynamo', os: 'amazonlinux' });
  });

  it('accelerator wins over gpu; repeated parameters: the first wins; unknown ignored', async () => {
    expectRecipe(await get('/v1/recipe?accelerator=h100&gpu=tpu&service=eks&service=gke&foo=bar'), { ...ANY, service: 'eks', accelerator: 'h100' });
    expectRecipe(await get('/v1/recipe?accelerator=&gpu=gb200'), { ...ANY, accelerator: 'gb200' });
  });

  it('nodes=0 is omitted from the echo', async () => {
    expectRecipe(await get('/v1/recipe?nodes=0'), ANY);
  });

  it.each(['accelerator=tpu', 'gpu=tpu', 'service=aws', 'intent=x', 'os=windows', 'platform=x', 'service=%E2%84%AAind', `service=${'e'.repeat(65)}`])(
    '%s → 400 Invalid recipe criteria',
    async (q) => {
      const res = await get(`/v1/recipe?${q}`);
      expectEnvelope(res, 400, 'INVALID_REQUEST', 'Invalid recipe criteria', 'any');
      expect(detailsError(res)).toMatch(/invalid/);
      expect(res.headers['cache-control']).toBeUndefined();
    },
  );

  it.each(['-1', 'abc', '8abc', '1.5', '1e3', '0x10', '%2B5', '%205', '2147483648'])('nodes=%s → 400', async (n) => {
    expectEnvelope(await get(`/v1/recipe?nodes=${n}`), 400, 'INVALID_REQUEST', 'Invalid recipe criteria', 'any');
  });

  it('HEAD returns the GET headers without a body', async () => {
    const g = await get('/v1/recipe?accelerator=h100');
    const h = await app.inject({ method: 'HEAD', url: '/v1/recipe?accelerator=h100' });
    expect(h.statusCode).toBe(200);
    expect(h.body).toBe('');
    for (const name of ['content-type', 'cache-control', 'x-api-version', 'content-length']) expect(h.headers[name]).toBe(g.headers[name]);
    expect(h.headers['x-request-id']).toBeDefined();
  });
});

const EKS_CRITERIA = { ...ANY, service: 'eks', accelerator: 'h100', intent: 'training' };

describe('POST /v1/recipe (§8.3)', () => {
  it.each(['application/json', 'application/json; charset=utf-8', 'text/plain', 'APPLICATION/JSON'])('JSON with %s → 200', async (ct) => {
    const res = await post(JSON.stringify({ kind: 'RecipeCriteria', apiVersion: 'aicr.nvidia.com/v1alpha1', spec: { service: 'eks', accelerator: 'h100', intent: 'training' } }), ct);
    expect(expectRecipe(res, EKS_CRITERIA).metadata.appliedOverlays.slice(0, 5)).toEqual(EKS_H100_TRAINING);
  });

  it.each(['application/x-yaml', 'application/yaml', 'text/yaml', 'text/yaml; charset=utf-8'])('YAML with %s → 200', async (ct) => {
    expectRecipe(await post(EKS_TRAINING_CRITERIA_YAML, ct), EKS_CRITERIA);
  });

  it('no Content-Type, {"spec":{"service":"oke"}} → 200', async () => {
    expectRecipe(await post('{"spec":{"service":"oke"}}'), { ...ANY, service: 'oke' });
  });

  it('{} and null spec → all any; nodes echoed', async () => {
    expectRecipe(await post('{}', 'application/json'), ANY);
    expectRecipe(await post('{"spec":null}', 'application/json'), ANY);
    expectRecipe(await post('{"spec":{"nodes":8,"extra":1},"unknown":true}', 'application/json'), { ...ANY, nodes: 8 });
  });

  it('empty body → 400 request body is empty', async () => {
    for (const ct of [undefined, 'application/json', 'application/x-yaml']) {
      const res = await post('', ct);
      expectEnvelope(res, 400, 'INVALID_REQUEST', 'Invalid recipe criteria', { error: 'request body is empty' });
    }
  });

  it('malformed JSON, malformed YAML, YAML sent as JSON → 400 with the parse failure', async () => {
    const cases: Array<[string, string | undefined, RegExp]> = [
      ['{"spec":', 'application/json', /JSON/],
      ['spec: [unclosed', 'application/x-yaml', /YAML/],
      [EKS_TRAINING_CRITERIA_YAML, 'application/json', /JSON/],
      ['{"spec":{}} trailing', 'application/json', /JSON/],
      ['{"spec":{"nodes":NaN}}', 'application/json', /JSON/],
      ['{"a":Infinity}', undefined, /JSON/],
      ['spec:\n\tservice: eks', 'application/yaml', /YAML/],
    ];
    for (const [payload, ct, re] of cases) {
      const res = await post(payload, ct);
      expectEnvelope(res, 400, 'INVALID_REQUEST', 'Invalid recipe criteria', 'any');
      expect(detailsError(res)).toMatch(re);
    }
  });

  it('an unsupported Content-Type that fails to parse says so', async () => {
    const res = await post('not json', 'text/plain');
    expectEnvelope(res, 400, 'INVALID_REQUEST', 'Invalid recipe criteria', 'any');
    expect(detailsError(res)).toContain('text/plain');
  });

  it('a malformed Content-Type is never 415', async () => {
    expectRecipe(await post('{"spec":{"service":"eks"}}', 'nonsense'), { ...ANY, service: 'eks' });
  });

  it.each(['null', '[]', '"x"', '5'])('top-level %s → 400', async (payload) => {
    expectEnvelope(await post(payload, 'application/json'), 400, 'INVALID_REQUEST', 'Invalid recipe criteria', 'any');
  });

  it('kind and apiVersion are checked exactly when present', async () => {
    let res = await post('{"kind":"Foo"}', 'application/json');
    expectEnvelope(res, 400, 'INVALID_REQUEST', 'Invalid recipe criteria', { error: 'invalid kind "Foo", expected "RecipeCriteria"' });
    res = await post('{"kind":"recipecriteria"}', 'application/json');
    expectEnvelope(res, 400, 'INVALID_REQUEST', 'Invalid recipe criteria', 'any');
    res = await post('apiVersion: v2', 'application/x-yaml');
    expectEnvelope(res, 400, 'INVALID_REQUEST', 'Invalid recipe criteria', { error: 'invalid apiVersion "v2", expected "aicr.nvidia.com/v1alpha1"' });
  });

  it.each([
    '{"spec":{"accelerator":"tpu"}}',
    '{"spec":{"service":5}}',
    '{"spec":{"gpu":"h100","accelerator":"x"}}',
    '{"spec":{"nodes":-1}}',
    '{"spec":{"nodes":"8"}}',
    '{"spec":{"nodes":8.5}}',
    '{"spec":"eks"}',
  ])('bad spec %s → 400', async (payload) => {
    const res = await post(payload, 'application/json');
    expectEnvelope(res, 400, 'INVALID_REQUEST', 'Invalid recipe criteria', 'any');
    expect(detailsError(res)).not.toBe('');
  });

  it('body criteria have no gpu alias', async () => {
    expectRecipe(await post('{"spec":{"gpu":"h100"}}', 'application/json'), ANY);
  });

  it('> 1 MiB → 413 with the limit, with and without Content-Length', async () => {
    const big = JSON.stringify({ spec: {}, pad: 'x'.repeat(1_048_576) });
    expectEnvelope(await post(big, 'application/json'), 413, 'INVALID_REQUEST', 'Request body too large', { limit: 1_048_576 });
    const { Readable } = await import('node:stream');
    const res = await app.inject({ method: 'POST', url: '/v1/recipe', payload: Readable.from([Buffer.from(big)]), headers: { 'content-type': 'application/json' } });
    expectEnvelope(res, 413, 'INVALID_REQUEST', 'Request body too large', { limit: 1_048_576 });
  });

  it.each(['PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const)('%s → 405 Allow: GET, POST', async (method) => {
    const res = await app.inject({ method, url: '/v1/recipe' });
    expectEnvelope(res, 405, 'METHOD_NOT_ALLOWED', 'Method not allowed', { method, allowed: ['GET', 'POST'] });
    expect(res.headers.allow).toBe('GET, POST');
  });
});
