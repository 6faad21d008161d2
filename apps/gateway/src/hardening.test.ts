import { RecipeEngine } from '@aicr/recipe-engine';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRecipeSource } from './recipe-source/local';
import { buildTestApp, detailsError, expectEnvelope, SlowRecipeSource, testCatalog } from './test-support/app-fixture';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const postRecipe = (payload: string, ct = 'application/x-yaml') =>
  app.inject({ method: 'POST', url: '/v1/recipe', payload, headers: { 'content-type': ct } });

describe('YAML bodies (H4–H8)', () => {
  it('an alias bomb is refused with 400, fast', async () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    const names = 'bcdefghijklm'.split('');
    let prev = 'a';
    for (const n of names) {
      lines.push(`${n}: &${n} [${Array(9).fill(`*${prev}`).join(',')}]`);
      prev = n;
    }
    const start = performance.now();
    const res = await postRecipe(`spec: {}\n${lines.join('\n')}`);
    expect(performance.now() - start).toBeLessThan(1000);
    expectEnvelope(res, 400, 'INVALID_REQUEST', 'Invalid recipe criteria', 'any');
    expect(detailsError(res)).toMatch(/YAML/);
  });

  it('few aliases of a huge node (expanded size over the limit) → 400', async () => {
    const big = 'x'.repeat(200_000);
    const res = await postRecipe(`a: &a "${big}"\nb: [*a, *a, *a, *a, *a, *a, *a, *a]\nspec: {}`);
    expectEnvelope(res, 400, 'INVALID_REQUEST', 'Invalid recipe criteria', 'any');
  });

  it.each([
    ['duplicate keys', 'spec:\n  service: eks\n  service: gke'],
    ['!!binary', 'spec: {}\nx: !!binary aGVsbG8='],
    ['!!js/function', 'spec: {}\nx: !!js/function "function(){}"'],
    ['!!python/object', 'spec: {}\nx: !!python/object:os.system "ls"'],
    ['unknown !tag', 'spec: !custom {}'],
    ['multi-document', 'spec: {}\n---\nspec: {}'],
    ['tabs as indentation', 'spec:\n\tservice: eks'],
    ['__proto__ key', 'spec:\n  __proto__: {polluted: 1}'],
    ['constructor.prototype', 'x:\n  constructor:\n    prototype: {polluted: 1}'],
  ])('%s → 400', async (_name, payload) => {
    const res = await postRecipe(payload);
    expectEnvelope(res, 400, 'INVALID_REQUEST', 'Invalid recipe criteria', 'any');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('nesting deeper than 64 → 400 (YAML and JSON)', async () => {
    const deep = `${'['.repeat(70)}${']'.repeat(70)}`;
    expectEnvelope(await postRecipe(`spec: {}\nx: ${deep}`), 400, 'INVALID_REQUEST', 'Invalid recipe criteria', 'any');
    expectEnvelope(await postRecipe(`{"spec":{},"x":${deep}}`, 'application/json'), 400, 'INVALID_REQUEST', 'Invalid recipe criteria', 'any');
    // 60 levels are fine
    const ok = `${'['.repeat(60)}${']'.repeat(60)}`;
    expect((await postRecipe(`{"spec":{},"x":${ok}}`, 'application/json')).statusCode).toBe(200);
  });
});

describe('JSON bodies (H3, H11)', () => {
  it('__proto__ anywhere → 400 and Object.prototype untouched', async () => {
    for (const payload of ['{"__proto__":{"polluted":1}}', '{"spec":{"__proto__":{"polluted":1}}}', '{"x":[{"constructor":{"prototype":{"polluted":1}}}]}']) {
      expectEnvelope(await postRecipe(payload, 'application/json'), 400, 'INVALID_REQUEST', 'Invalid recipe criteria', 'any');
      const q = await app.inject({ method: 'POST', url: '/v1/query', payload: `{"criteria":{},${payload.slice(1)}`, headers: { 'content-type': 'application/json' } });
      expectEnvelope(q, 400, 'INVALID_REQUEST', 'Invalid query request body', 'any');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('invalid UTF-8 → 400', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/recipe',
      payload: Buffer.concat([Buffer.from('{"spec":{"service":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')]),
      headers: { 'content-type': 'application/json' },
    });
    expectEnvelope(res, 400, 'INVALID_REQUEST', 'Invalid recipe criteria', 'any');
    expect(detailsError(res)).toMatch(/UTF-8/);
  });
});

describe('query strings (H28)', () => {
  it.each(['/v1/recipe?service=%ZZ', '/v1/recipe?service=eks%00', '/v1/query?selector=%E0%A4%A', '/?x=%'])('%s → 400 Invalid query string', async (url) => {
    expectEnvelope(await app.inject({ method: 'GET', url }), 400, 'INVALID_REQUEST', 'Invalid query string');
  });

  it('+ is a space, and a __proto__ parameter is just ignored', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/recipe?service=+eks+&__proto__=x&constructor=y' });
    expect(res.statusCode).toBe(200);
    expect(res.json().criteria.service).toBe('eks');
  });
});

describe('allowlists (§7)', () => {
  let limited: FastifyInstance;
  beforeAll(async () => {
    limited = await buildTestApp({
      env: { AICR_ALLOWED_ACCELERATORS: 'h100, L40', AICR_ALLOWED_SERVICES: 'eks,self', AICR_ALLOWED_INTENTS: 'training', AICR_ALLOWED_OS: 'al2,ubuntu' },
    });
  });
  afterAll(() => limited.close());

  it.each([
    ['/v1/recipe?accelerator=gb200&service=eks', 'accelerator type not allowed', 'gb200', ['h100', 'l40']],
    ['/v1/recipe?gpu=GB200', 'accelerator type not allowed', 'gb200', ['h100', 'l40']],
    ['/v1/recipe?service=gke&accelerator=b200', 'accelerator type not allowed', 'b200', ['h100', 'l40']],
    ['/v1/recipe?service=gke', 'service type not allowed', 'gke', ['eks']],
    ['/v1/recipe?intent=inference', 'intent type not allowed', 'inference', ['training']],
    ['/v1/recipe?os=rhel', 'OS type not allowed', 'rhel', ['amazonlinux', 'ubuntu']],
    ['/v1/query?os=cos&selector=kind', 'OS type not allowed', 'cos', ['amazonlinux', 'ubuntu']],
  ])('%s → 400 %s', async (url, message, requested, allowed) => {
    expectEnvelope(await limited.inject({ method: 'GET', url }), 400, 'INVALID_REQUEST', message, { requested, allowed });
  });

  it('POST bodies are checked too, after syntax', async () => {
    let res = await limited.inject({ method: 'POST', url: '/v1/recipe', payload: '{"spec":{"accelerator":"a100"}}', headers: { 'content-type': 'application/json' } });
    expectEnvelope(res, 400, 'INVALID_REQUEST', 'accelerator type not allowed', { requested: 'a100', allowed: ['h100', 'l40'] });
    res = await limited.inject({ method: 'POST', url: '/v1/query', payload: '{"criteria":{"service":"aks"}}', headers: { 'content-type': 'application/json' } });
    expectEnvelope(res, 400, 'INVALID_REQUEST', 'service type not allowed', { requested: 'aks', allowed: ['eks'] });
    res = await limited.inject({ method: 'GET', url: '/v1/recipe?accelerator=tpu' });
    expectEnvelope(res, 400, 'INVALID_REQUEST', 'Invalid recipe criteria', 'any');
  });

  it('allowed values and any pass', async () => {
    expect((await limited.inject({ method: 'GET', url: '/v1/recipe?accelerator=H100&service=eks&os=al2023' })).statusCode).toBe(200);
    expect((await limited.inject({ method: 'GET', url: '/v1/recipe' })).statusCode).toBe(200);
  });
});

describe('deadlines (§5.3)', () => {
  it('a recipe source slower than AICR_RECIPE_TIMEOUT_MS → 504 TIMEOUT, signal aborted', async () => {
    const slow = new SlowRecipeSource(new LocalRecipeSource(new RecipeEngine(await testCatalog())), 2_000);
    const timed = await buildTestApp({ env: { AICR_RECIPE_TIMEOUT_MS: '50' }, recipeSource: slow });
    try {
      const start = performance.now();
      const res = await timed.inject({ method: 'GET', url: '/v1/recipe?service=eks' });
      expect(performance.now() - start).toBeLessThan(1_500);
      expectEnvelope(res, 504, 'TIMEOUT', 'Request timed out', { stage: 'recipe' });
      expect(res.headers['cache-control']).toBeUndefined();
      expect(slow.aborted).toBe(true);
      const q = await timed.inject({ method: 'POST', url: '/v1/query', payload: '{"criteria":{}}', headers: { 'content-type': 'application/json' } });
      expectEnvelope(q, 504, 'TIMEOUT', 'Request timed out', { stage: 'query' });
    } finally {
      await timed.close();
    }
  });

  it('AicrErrors of the recipe source pass through unchanged; other errors are 500 without details', async () => {
    const { AicrError, ErrorCode } = await import('@aicr/contracts');
    const failing = {
      resolve: async () => {
        throw new AicrError(ErrorCode.SERVICE_UNAVAILABLE, 'Recipe service unavailable', { stage: 'recipe-service' }, { headers: { 'Retry-After': '1' } });
      },
      query: async () => {
        throw new Error('boom: secret internals');
      },
      ready: async () => true,
      close: async () => {},
    };
    const broken = await buildTestApp({ recipeSource: failing });
    try {
      const r = await broken.inject({ method: 'GET', url: '/v1/recipe' });
      expectEnvelope(r, 503, 'SERVICE_UNAVAILABLE', 'Recipe service unavailable', { stage: 'recipe-service' });
      expect(r.headers['retry-after']).toBe('1');
      const q = await broken.inject({ method: 'GET', url: '/v1/query' });
      expectEnvelope(q, 500, 'INTERNAL_ERROR', 'Internal server error');
      expect(q.body).not.toContain('secret');
    } finally {
      await broken.close();
    }
  });
});

describe('common headers (§2)', () => {
  it('X-API-Version on success and errors of wrapped routes; Accept is ignored', async () => {
    for (const url of ['/', '/v1/recipe?accelerator=tpu', '/v1/query?selector=nope', '/missing']) {
      const res = await app.inject({ method: 'GET', url, headers: { accept: 'application/xml' } });
      expect(res.headers['x-api-version'], url).toBe('v1');
      expect(res.headers['content-type'], url).toBe('application/json');
    }
  });

  it('Cache-Control only on 200 of recipe/query', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/recipe' })).headers['cache-control']).toBe('public, max-age=600');
    for (const url of ['/v1/recipe?os=x', '/v1/query?selector=x.y', '/', '/health']) {
      expect((await app.inject({ method: 'GET', url })).headers['cache-control'], url).toBeUndefined();
    }
  });
});
