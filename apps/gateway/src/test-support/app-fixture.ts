/** Test helpers: a gateway over the upstream catalog, built from an env like production. */
import type { BundleRunner, Criteria, RecipeResult, RecipeSource } from '@aicr/contracts';
import { createRateLimitStore, loadConfig, type Env } from '@aicr/platform';
import { loadCatalog, parseAllowlists, RecipeEngine, type Catalog } from '@aicr/recipe-engine';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { buildApp } from '../app';
import { LocalRecipeSource } from '../recipe-source/local';
import type { LoadSheddingOptions } from '../plugins/load-shedding';
import type { RateLimitStore } from '../plugins/rate-limit';

export const UPSTREAM_RECIPES = '/work/shared/reference/upstream-recipes';

let catalog: Promise<Catalog> | undefined;
export const testCatalog = () => (catalog ??= loadCatalog(UPSTREAM_RECIPES));

/** A RecipeCriteria document (the seed's example) for eks / h100 / training. */
export const EKS_TRAINING_CRITERIA_YAML = `kind: RecipeCriteria
apiVersion: aicr.nvidia.com/v1alpha1
metadata:
  name: my-config
spec:
  service: eks
  accelerator: h100
  intent: training`;

export interface TestAppOptions {
  env?: Env;
  recipeSource?: RecipeSource;
  bundleRunner?: BundleRunner;
  loadShedding?: LoadSheddingOptions;
  /**
   * Default: buildApp's in-memory limiter. 'from-env': the one production picks for the env
   * (createRateLimitStore: Redis-shared with REDIS_URL).
   */
  rateLimitStore?: RateLimitStore | 'from-env';
}

export async function buildTestApp(options: TestAppOptions = {}): Promise<FastifyInstance> {
  const { config } = loadConfig({ AICR_RECIPES_DIR: UPSTREAM_RECIPES, ...options.env });
  const cat = await testCatalog();
  const app = await buildApp({
    config,
    recipeSource: options.recipeSource ?? new LocalRecipeSource(new RecipeEngine(cat)),
    bundleRunner: options.bundleRunner,
    catalog: cat,
    allowlists: parseAllowlists(config.allowlistEnv),
    logger: false,
    rateLimitStore:
      options.rateLimitStore === 'from-env'
        ? createRateLimitStore({ limits: config.rateLimit, redisUrl: config.redisUrl, prefix: config.redisPrefix })
        : options.rateLimitStore,
    loadShedding: options.loadShedding,
  });
  await app.ready();
  return app;
}

/** A RecipeSource that answers after `delayMs` (deadline tests) and can report not ready. */
export class SlowRecipeSource implements RecipeSource {
  aborted = false;
  constructor(private readonly inner: RecipeSource, private readonly delayMs: number, private readonly isReady = true) {}
  private wait(signal?: AbortSignal) {
    return new Promise<void>((resolve) => {
      const t = setTimeout(resolve, this.delayMs);
      signal?.addEventListener('abort', () => {
        this.aborted = true;
        clearTimeout(t);
        resolve();
      });
    });
  }
  async resolve(criteria: Criteria, signal?: AbortSignal): Promise<RecipeResult> {
    await this.wait(signal);
    return this.inner.resolve(criteria);
  }
  async query(criteria: Criteria, selector: string, signal?: AbortSignal): Promise<unknown> {
    await this.wait(signal);
    return this.inner.query(criteria, selector);
  }
  async ready() {
    return this.isReady;
  }
  async close() {}
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RFC3339_MS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Asserts a full envelope (§3) and returns its body. */
export function expectEnvelope(
  res: LightMyRequestResponse,
  status: number,
  code: string,
  message: string,
  details?: Record<string, unknown> | 'any',
): Record<string, unknown> {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toBe('application/json');
  const body = res.json() as Record<string, unknown>;
  expect(body.code).toBe(code);
  expect(body.message).toBe(message);
  expect(body.requestId).toBe(res.headers['x-request-id']);
  expect(body.requestId).toMatch(UUID);
  expect(body.timestamp).toMatch(RFC3339_MS_Z);
  expect(body.retryable).toBe(['RATE_LIMIT_EXCEEDED', 'INTERNAL_ERROR', 'SERVICE_UNAVAILABLE', 'TIMEOUT'].includes(code));
  if (details === undefined) expect(body).not.toHaveProperty('details');
  else if (details === 'any') expect(body.details).toBeTypeOf('object');
  else expect(body.details).toEqual(details);
  expect(Object.keys(body)).toEqual(
    details === undefined
      ? ['code', 'message', 'requestId', 'timestamp', 'retryable']
      : ['code', 'message', 'details', 'requestId', 'timestamp', 'retryable'],
  );
  return body;
}

export const detailsError = (res: LightMyRequestResponse) => String((res.json() as { details?: { error?: unknown } }).details?.error ?? '');
