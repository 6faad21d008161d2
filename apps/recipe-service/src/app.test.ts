import { ANY_CRITERIA, RECIPE_SERVICE_ROUTES, type Criteria } from '@aicr/contracts';
import { RecipeEngine, defaultRecipesDir, loadCatalog, type Catalog } from '@aicr/recipe-engine';
import { withBrokenValuesFile } from '@aicr/testing';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from './app';

const criteria: Criteria = { ...ANY_CRITERIA, service: 'eks', accelerator: 'h100', intent: 'training', os: 'ubuntu' };
const GPU_OPERATOR_VALUES = 'components/gpu-operator/values.yaml';

/** The real catalog, loaded once: each app gets its own engine (own caches) over it. */
let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog(defaultRecipesDir());
});

describe('recipe service internal API', () => {
  let app: FastifyInstance;
  let engine: RecipeEngine;
  beforeEach(async () => {
    engine = new RecipeEngine(catalog);
    app = await buildApp({ engine });
  });
  afterEach(async () => {
    await app.close();
  });

  const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });

  it('resolves criteria to the engine result, byte for byte in its key order', async () => {
    const res = await post(RECIPE_SERVICE_ROUTES.resolve, { criteria });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toBe(JSON.stringify(engine.resolve(criteria)));
  });

  it('answers a query with { value }', async () => {
    const selector = 'components.gpu-operator.values';
    const res = await post(RECIPE_SERVICE_ROUTES.query, { criteria, selector });
    expect([res.statusCode, res.json()]).toEqual([200, { value: engine.query(criteria, selector) }]);
    expect(Object.keys(res.json().value).length).toBeGreaterThan(0);
  });

  it('sends a selector miss as the serialized NOT_FOUND AicrError', async () => {
    const res = await post(RECIPE_SERVICE_ROUTES.query, { criteria, selector: 'components.nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: {
        code: 'NOT_FOUND',
        message: 'Selector path not found',
        details: { selector: 'components.nope', error: expect.stringMatching(/^key "nope" not found at "components", available keys: .*gpu-operator/) },
        status: 404,
        headers: {},
      },
    });
  });

  it.each([
    ['no body fields', {}],
    ['criteria not an object', { criteria: 'eks' }],
    ['a non-canonical value', { criteria: { ...criteria, accelerator: 'tpu' } }],
    ['a missing field', { criteria: { service: 'eks' } }],
    ['negative nodes', { criteria: { ...criteria, nodes: -1 } }],
  ])('rejects garbage (%s) with 400 INVALID_REQUEST', async (_label, payload) => {
    const res = await post(RECIPE_SERVICE_ROUTES.resolve, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'INVALID_REQUEST', status: 400 });
  });

  it('rejects a query without a selector and a body that is not JSON', async () => {
    const noSelector = await post(RECIPE_SERVICE_ROUTES.query, { criteria });
    const notJson = await app.inject({ method: 'POST', url: RECIPE_SERVICE_ROUTES.resolve, headers: { 'content-type': 'application/json' }, payload: '{oops' });
    expect([noSelector.statusCode, noSelector.json().error.code]).toEqual([400, 'INVALID_REQUEST']);
    expect([notJson.statusCode, notJson.json().error.code]).toEqual([400, 'INVALID_REQUEST']);
  });

  it('keeps fastify 413/415 statuses under INVALID_REQUEST', async () => {
    const tooLarge = await post(RECIPE_SERVICE_ROUTES.query, { criteria, selector: 'x'.repeat(1_100_000) });
    const wrongType = await app.inject({ method: 'POST', url: RECIPE_SERVICE_ROUTES.resolve, headers: { 'content-type': 'application/xml' }, payload: '<eks/>' });
    expect([tooLarge.statusCode, tooLarge.json().error.code, tooLarge.json().error.status]).toEqual([413, 'INVALID_REQUEST', 413]);
    expect([wrongType.statusCode, wrongType.json().error.code]).toEqual([415, 'INVALID_REQUEST']);
  });

  it('sends a defect in the recipe data met at request time as 500 INTERNAL_ERROR', async () => {
    const broken = await buildApp({ engine: new RecipeEngine(withBrokenValuesFile(catalog, GPU_OPERATOR_VALUES)) });
    try {
      const res = await broken.inject({ method: 'POST', url: RECIPE_SERVICE_ROUTES.query, payload: { criteria, selector: 'components' } });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({
        error: { code: 'INTERNAL_ERROR', message: 'Failed to hydrate recipe', details: { error: expect.stringMatching(/^components\/gpu-operator\/values\.yaml: cannot parse values: /) }, status: 500, headers: {} },
      });
    } finally {
      await broken.close();
    }
  });

  it('turns an unexpected engine exception into 500 INTERNAL_ERROR without leaking it', async () => {
    // A catalog without its values table at all: the engine fails with a TypeError, not an AicrError.
    const engineBug = new RecipeEngine({ ...catalog, values: undefined as unknown as Catalog['values'] });
    const broken = await buildApp({ engine: engineBug });
    try {
      const res = await broken.inject({ method: 'POST', url: RECIPE_SERVICE_ROUTES.query, payload: { criteria, selector: 'components' } });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'Internal server error', status: 500, headers: {} } });
    } finally {
      await broken.close();
    }
  });

  it('answers unknown routes with NOT_FOUND in the same error shape', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/recipe?x=1' });
    expect([res.statusCode, res.json().error.code, res.json().error.details]).toEqual([404, 'NOT_FOUND', { method: 'GET', path: '/v1/recipe' }]);
  });

  it('serves /health and /ready', async () => {
    const health = await app.inject({ method: 'GET', url: '/health' });
    const ready = await app.inject({ method: 'GET', url: '/ready' });
    expect([health.statusCode, health.json().status]).toEqual([200, 'healthy']);
    expect([ready.statusCode, ready.json().status, ready.json().checks]).toEqual([200, 'ready', { recipes: 'ok' }]);
  });
});

describe('recipe service shutdown', () => {
  it('stops taking connections once closing begins, lets the in-flight request finish, then closes at once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const inHandler = new Promise<void>((r) => (started = r));
    const engine = new RecipeEngine(catalog);
    // The real engine, held up until the test has begun closing the app.
    const slow = { resolve: async (c: Criteria) => (started(), await gate, engine.resolve(c)), query: (c: Criteria, s: string) => engine.query(c, s) };
    const app = await buildApp({ engine: slow });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

    const inFlight = fetch(`${base}${RECIPE_SERVICE_ROUTES.resolve}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ criteria }) });
    await inHandler;
    const closed = app.close();
    while (app.server.listening) await new Promise((r) => setTimeout(r, 5));
    const probe = await fetch(`${base}/ready`).then((r) => r.status, (e: Error) => e.message);
    release();
    const res = await inFlight;
    const t0 = Date.now();
    await closed;

    // Well under the 120 s keep-alive: the last reply carried Connection: close.
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(probe).not.toBe(200);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(JSON.stringify(engine.resolve(criteria)));
  });
});
