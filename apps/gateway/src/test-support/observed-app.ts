/**
 * TEMPORARY (until app.ts registers the observability plugins): buildApp's plugin order with the
 * metrics, load-shedding, OpenAPI and drain plugins inserted where app.ts will have them.
 */
import type { BundleRunner, RecipeSource } from '@aicr/contracts';
import { loadConfig, type Env } from '@aicr/platform';
import { parseAllowlists, RecipeEngine } from '@aicr/recipe-engine';
import Fastify, { type FastifyInstance } from 'fastify';
import { fastifyOptions } from '../app';
import { Readiness, type GatewayDeps } from '../deps';
import { apiChainPlugin } from '../plugins/api-chain';
import { apiHeadersPlugin } from '../plugins/api-headers';
import { drainPlugin } from '../plugins/drain';
import { errorHandlerPlugin } from '../plugins/error-handler';
import { loadSheddingPlugin, type LoadSheddingOptions } from '../plugins/load-shedding';
import { metricsPlugin } from '../plugins/metrics';
import { openApiPlugin } from '../plugins/openapi';
import { rateLimitPlugin } from '../plugins/rate-limit';
import { requestIdPlugin } from '../plugins/request-id';
import { requestInputPlugin } from '../plugins/request-input';
import { LocalRecipeSource } from '../recipe-source/local';
import { createRateLimitStore } from '@aicr/platform';
import { routes } from '../routes';
import { metricsRoutes } from '../routes/metrics';
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
  const app = Fastify(fastifyOptions(config, false));
  const readiness = new Readiness();
  const deps: GatewayDeps = {
    config,
    recipeSource: options.recipeSource ?? new LocalRecipeSource(new RecipeEngine(catalog)),
    bundleRunner: options.bundleRunner,
    catalog,
    allowlists: parseAllowlists(config.allowlistEnv),
    readiness,
  };
  app.decorate('deps', deps);
  await app.register(apiChainPlugin);
  await app.register(requestIdPlugin);
  await app.register(apiHeadersPlugin);
  await app.register(metricsPlugin);
  await app.register(rateLimitPlugin, {
    store: createRateLimitStore({ limits: config.rateLimit, redisUrl: config.redisUrl, prefix: config.redisPrefix, logger: app.log }),
    limits: config.rateLimit,
  });
  await app.register(loadSheddingPlugin, options.loadShedding ?? {});
  await app.register(requestInputPlugin);
  await app.register(errorHandlerPlugin);
  await app.register(openApiPlugin);
  await app.register(drainPlugin);
  await app.register(routes);
  await app.register(metricsRoutes);
  app.addHook('onReady', async () => readiness.markReady());
  app.addHook('preClose', async () => readiness.markStopping());
  await app.ready();
  return app;
}
