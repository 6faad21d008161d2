/**
 * The gateway as production builds it (buildApp) with what the observability tests vary: the env
 * (the limiter is the one createRateLimitStore picks for it — Redis-shared with REDIS_URL), an
 * injected recipe source or bundle runner, and the load-shedding thresholds.
 */
import type { BundleRunner, RecipeSource } from '@aicr/contracts';
import { createRateLimitStore, loadConfig, type Env } from '@aicr/platform';
import { parseAllowlists, RecipeEngine } from '@aicr/recipe-engine';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app';
import type { LoadSheddingOptions } from '../plugins/load-shedding';
import { LocalRecipeSource } from '../recipe-source/local';
import { testCatalog, UPSTREAM_RECIPES } from './app-fixture';

export interface ObservedAppOptions {
  env?: Env;
  recipeSource?: RecipeSource;
  bundleRunner?: BundleRunner;
  loadShedding?: LoadSheddingOptions;
}

export async function buildObservedApp(options: ObservedAppOptions = {}): Promise<FastifyInstance> {
  const { config } = loadConfig({ AICR_RECIPES_DIR: UPSTREAM_RECIPES, ...options.env });
  const catalog = await testCatalog();
  const app = await buildApp({
    config,
    recipeSource: options.recipeSource ?? new LocalRecipeSource(new RecipeEngine(catalog)),
    bundleRunner: options.bundleRunner,
    catalog,
    allowlists: parseAllowlists(config.allowlistEnv),
    logger: false,
    rateLimitStore: createRateLimitStore({ limits: config.rateLimit, redisUrl: config.redisUrl, prefix: config.redisPrefix }),
    loadShedding: options.loadShedding,
  });
  await app.ready();
  return app;
}
