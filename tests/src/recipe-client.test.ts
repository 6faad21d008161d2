/**
 * @aicr/recipe-client against a real recipe service: the app from @aicr/recipe-service with the
 * real RecipeEngine over the repository's catalog, on a real socket. (The client's failure
 * mapping against raw sockets — refused, silent, hang-up — is the lib's own test.)
 */
import { ANY_CRITERIA, type Criteria, type RecipeSource } from '@aicr/contracts';
import { createHttpRecipeSource } from '@aicr/recipe-client';
import { RecipeEngine, defaultRecipesDir, loadCatalog, type Catalog } from '@aicr/recipe-engine';
import { buildApp } from '@aicr/recipe-service';
import { aicrError, withBrokenValuesFile } from '@aicr/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const criteria: Criteria = { ...ANY_CRITERIA, service: 'eks', accelerator: 'h100', intent: 'training', os: 'ubuntu' };

const addressOf = (app: FastifyInstance) => `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

async function serve(engine: RecipeEngine): Promise<FastifyInstance> {
  const app = await buildApp({ engine });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

describe('createHttpRecipeSource against a real recipe service', () => {
  let catalog: Catalog;
  let engine: RecipeEngine;
  let app: FastifyInstance;
  let source: RecipeSource;
  let connections = 0;
  let readyHits = 0;

  beforeAll(async () => {
    catalog = await loadCatalog(defaultRecipesDir());
    engine = new RecipeEngine(catalog);
    app = await buildApp({ engine });
    app.addHook('onRequest', async (request) => {
      if (request.url === '/ready') readyHits++;
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    app.server.on('connection', () => connections++);
    source = createHttpRecipeSource({ baseUrl: addressOf(app), timeoutMs: 2_000 });
  });
  afterAll(async () => {
    await source.close();
    await app.close();
  });

  it('resolves a recipe, keeping the engine key order', async () => {
    const recipe = await source.resolve(criteria);
    expect(JSON.stringify(recipe)).toBe(JSON.stringify(engine.resolve(criteria)));
    expect(Object.keys(recipe).slice(0, 3)).toEqual(['kind', 'apiVersion', 'metadata']);
  });

  it('answers a query with the value at the selector', async () => {
    expect(await source.query(criteria, 'components.gpu-operator.version')).toBe(engine.query(criteria, 'components.gpu-operator.version'));
    expect(await source.query(criteria, 'components.gpu-operator.version')).toMatch(/^v\d+\.\d+\.\d+$/);
    expect(await source.query(criteria, 'components.gpu-operator.values')).toEqual(engine.query(criteria, 'components.gpu-operator.values'));
  });

  it('rethrows a selector miss as the same NOT_FOUND AicrError, details included', async () => {
    const e = await aicrError(source.query(criteria, 'components.nope.values'));
    expect([e.code, e.message, e.status, e.retryable]).toEqual(['NOT_FOUND', 'Selector path not found', 404, false]);
    expect(e.details).toEqual({ selector: 'components.nope.values', error: expect.stringMatching(/^key "nope" not found at "components", available keys: .*gpu-operator/) });
  });

  it('rethrows a service-side INTERNAL_ERROR unchanged', async () => {
    const broken = await serve(new RecipeEngine(withBrokenValuesFile(catalog, 'components/gpu-operator/values.yaml')));
    const brokenSource = createHttpRecipeSource({ baseUrl: addressOf(broken), timeoutMs: 2_000 });
    try {
      const e = await aicrError(brokenSource.query(criteria, 'components'));
      expect([e.code, e.message, e.status, e.retryable]).toEqual(['INTERNAL_ERROR', 'Failed to hydrate recipe', 500, true]);
      expect(e.details?.error).toMatch(/^components\/gpu-operator\/values\.yaml: cannot parse values: /);
    } finally {
      await brokenSource.close();
      await broken.close();
    }
  });

  it('reuses keep-alive connections: 20 calls over 1-2 sockets', async () => {
    const fresh = createHttpRecipeSource({ baseUrl: addressOf(app), timeoutMs: 2_000 });
    const before = connections;
    for (let i = 0; i < 20; i++) await fresh.resolve({ ...criteria, nodes: i });
    const opened = connections - before;
    await fresh.close();
    expect(opened).toBeGreaterThanOrEqual(1);
    expect(opened).toBeLessThanOrEqual(2);
  });

  it('reports ready, probing the service at most once per second however often it is asked', async () => {
    const before = readyHits;
    const answers = await Promise.all(Array.from({ length: 50 }, () => source.ready()));
    for (let i = 0; i < 20; i++) answers.push(await source.ready());
    expect(answers.every((a) => a === true)).toBe(true);
    expect(readyHits - before).toBeLessThanOrEqual(1);
  });
});
