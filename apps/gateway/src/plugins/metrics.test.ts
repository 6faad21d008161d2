/** /metrics (API.md §8.8): upstream's names, labels and buckets, counted like upstream's chain. */
import { createInProcessBundleRunner } from '@aicr/bundler';
import type { Criteria, RecipeResult, RecipeSource } from '@aicr/contracts';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildObservedApp } from '../test-support/observed-app';
import { labelSets, sample } from '../test-support/prometheus';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const scrape = async () => {
  const res = await app!.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return res.body;
};

describe('GET /metrics', () => {
  it('has every §8.8 series with its labels after traffic; path = route pattern, /docs, unmatched', async () => {
    // As main.ts wires one-process mode: an in-process runner, measured by the plugin.
    app = await buildObservedApp({ bundleRunner: createInProcessBundleRunner() });
    const recipe = await app.inject({ url: '/v1/recipe?service=eks&accelerator=h100' });
    expect(recipe.statusCode).toBe(200);
    const calls: Array<[string, string, number]> = [
      ['GET', '/', 200],
      ['HEAD', '/', 200],
      ['GET', '/v1/query?service=eks&selector=criteria.service', 200],
      ['GET', '/v1/recipe?accelerator=tpu', 400],
      ['DELETE', '/v1/recipe', 405],
      ['GET', '/no/such/route', 404],
      ['GET', '/openapi.json', 200],
      ['GET', '/docs', 200],
      ['GET', '/docs/static/swagger-initializer.js', 200],
      ['GET', '/health', 200],
      ['GET', '/ready', 200],
      ['POST', '/health', 405],
    ];
    for (const [method, url, status] of calls) {
      expect((await app.inject({ method: method as 'GET', url })).statusCode, `${method} ${url}`).toBe(status);
    }
    const bundle = await app.inject({ method: 'POST', url: '/v1/bundle?bundlers=cert-manager', payload: recipe.body, headers: { 'content-type': 'application/json' } });
    expect(bundle.statusCode, bundle.body.slice(0, 300)).toBe(200);

    const text = await scrape();
    const count = (method: string, path: string, status: string) => sample(text, 'aicr_http_requests_total', { method, path, status });
    expect(count('GET', '/v1/recipe', '200')).toBe(1);
    expect(count('GET', '/v1/recipe', '400')).toBe(1);
    expect(count('GET', '/', '200')).toBe(1);
    expect(count('HEAD', '/', '200')).toBe(1);
    expect(count('GET', '/v1/query', '200')).toBe(1);
    expect(count('DELETE', '/v1/recipe', '405')).toBe(1);
    expect(count('GET', 'unmatched', '404')).toBe(1);
    expect(count('GET', '/openapi.json', '200')).toBe(1);
    expect(count('GET', '/docs', '200')).toBe(2);
    expect(count('POST', '/v1/bundle', '200')).toBe(1);
    // Outside the chain: never counted, 405s on those paths included.
    const paths = new Set(labelSets(text, 'aicr_http_requests_total').map((l) => l.path));
    expect([...paths].sort()).toEqual(['/', '/docs', '/openapi.json', '/v1/bundle', '/v1/query', '/v1/recipe', 'unmatched']);

    // Histogram with upstream's buckets and (method, path) labels only.
    const les = labelSets(text, 'aicr_http_request_duration_seconds_bucket')
      .filter((l) => l.method === 'GET' && l.path === '/v1/recipe')
      .map((l) => l.le);
    expect(les).toEqual(['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf']);
    expect(sample(text, 'aicr_http_request_duration_seconds_count', { method: 'GET', path: '/v1/recipe' })).toBe(2);
    // The scrape itself is in flight and not counted: 0.
    expect(sample(text, 'aicr_http_requests_in_flight')).toBe(0);
    expect(sample(text, 'aicr_rate_limit_rejects_total')).toBe(0);
    expect(sample(text, 'aicr_panic_recoveries_total')).toBe(0);
    // Two recipe builds (recipe 200 + query); the 400 never reached the source.
    expect(sample(text, 'aicr_recipe_build_duration_seconds_count')).toBe(2);
    expect(labelSets(text, 'aicr_recipe_build_duration_seconds_bucket').map((l) => l.le)).toEqual(['1', '5', '10', '30', '60', '120', '300', '+Inf']);
    expect(sample(text, 'aicr_recipe_cache_misses_total')).toBe(1);
    expect(sample(text, 'aicr_bundle_duration_seconds_count', { outcome: 'completed' })).toBe(1);
    // Node's runtime series (§8.8 MAY).
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    // No queue without REDIS_URL: no queue series.
    expect(text).not.toMatch(/^aicr_queue_jobs\{/m);
  });

  it('counts 429s and the in-flight gauge; exceptions as panic recoveries', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const source: RecipeSource = {
      async resolve(criteria: Criteria): Promise<RecipeResult> {
        if (criteria.service === 'eks') throw new TypeError('boom');
        await gate;
        throw new TypeError('late boom');
      },
      async query() {
        return 'x';
      },
      async ready() {
        return true;
      },
      async close() {},
    };
    app = await buildObservedApp({ env: { AICR_RATE_LIMIT: '1', AICR_RATE_LIMIT_BURST: '3' }, recipeSource: source });
    const crash = await app.inject({ url: '/v1/recipe?service=eks', remoteAddress: '10.0.0.9' });
    expect(crash.statusCode).toBe(500);
    const pending = app.inject({ url: '/v1/recipe?service=gke', remoteAddress: '10.0.0.9' });
    await new Promise((r) => setTimeout(r, 50));
    expect(sample(await scrape(), 'aicr_http_requests_in_flight')).toBe(1);
    for (let i = 0; i < 3; i++) await app.inject({ url: '/', remoteAddress: '10.0.0.9' });
    release();
    expect((await pending).statusCode).toBe(500);

    const text = await scrape();
    expect(sample(text, 'aicr_http_requests_in_flight')).toBe(0);
    expect(sample(text, 'aicr_panic_recoveries_total')).toBe(2);
    // Burst 3: the crash, the pending one and one GET / got tokens; two 429s.
    expect(sample(text, 'aicr_rate_limit_rejects_total')).toBe(2);
    expect(sample(text, 'aicr_http_requests_total', { method: 'GET', path: '/', status: '429' })).toBe(2);
  });
});
