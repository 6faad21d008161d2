/**
 * The gateway as a configured fastify instance (not listening): main.ts listens, tests use
 * inject(). Everything the routes need comes in through `options` and is reachable as
 * `app.deps`.
 */
import { LIMITS, TIMEOUTS, type BundleRunner, type RecipeSource } from '@aicr/contracts';
import { loggerOptions, MemoryBucketStore, type AppConfig } from '@aicr/platform';
import type { Allowlists, Catalog } from '@aicr/recipe-engine';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { Readiness, type GatewayDeps } from './deps';
import { memoizedQueryStringParser } from './parsing';
import { apiChainPlugin } from './plugins/api-chain';
import { apiHeadersPlugin } from './plugins/api-headers';
import { drainPlugin } from './plugins/drain';
import { loadSheddingPlugin, type LoadSheddingOptions } from './plugins/load-shedding';
import { metricsPlugin } from './plugins/metrics';
import { openApiPlugin } from './plugins/openapi';
import { clientErrorHandler } from './plugins/client-error';
import { errorHandlerPlugin, frameworkErrorHandler } from './plugins/error-handler';
import { requestIdFor, requestIdPlugin } from './plugins/request-id';
import { requestInputPlugin } from './plugins/request-input';
import { OneLineRequestLog } from './request-log';
import { rateLimitPlugin, type RateLimitStore } from './plugins/rate-limit';
import { routes } from './routes';

export interface BuildAppOptions {
  config: AppConfig;
  recipeSource: RecipeSource;
  bundleRunner?: BundleRunner;
  catalog?: Catalog;
  allowlists: Allowlists;
  /** fastify `logger` option; default: platform's JSON-on-stderr options at config.logLevel. */
  logger?: FastifyServerOptions['logger'];
  /** Token buckets (§4); default: in memory with config.rateLimit. A Redis store plugs in here. */
  rateLimitStore?: RateLimitStore;
  /** Event-loop thresholds of the 503 load shedding; defaults suit production. */
  loadShedding?: LoadSheddingOptions;
}

export function fastifyOptions(config: AppConfig, logger?: FastifyServerOptions['logger']): FastifyServerOptions {
  return {
    logger: logger ?? loggerOptions(config.logLevel),
    // One log line per request instead of fastify's two (request-log.ts, docs/benchmarks.md).
    logController: new OneLineRequestLog(),
    // Our id rules (§2.1) replace fastify's header passthrough.
    genReqId: requestIdFor,
    requestIdHeader: false,
    // Routes set their own limit (§5.2); this covers any route that forgets.
    bodyLimit: LIMITS.recipeBodyBytes,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // fastify copies these two onto the server after creating it (§5.3).
    requestTimeout: TIMEOUTS.requestMs,
    keepAliveTimeout: TIMEOUTS.keepAliveMs,
    // Only http.createServer can take these (H2, H30): Node sweeps slow connections every
    // connectionsCheckingInterval, 30 s by default, which would defeat the 5 s / 10 s limits.
    http: {
      maxHeaderSize: LIMITS.headerBytes,
      headersTimeout: TIMEOUTS.headersMs,
      requestTimeout: TIMEOUTS.requestMs,
      keepAliveTimeout: TIMEOUTS.keepAliveMs,
      connectionsCheckingInterval: TIMEOUTS.connectionsCheckingIntervalMs,
    },
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
    routerOptions: {
      querystringParser: memoizedQueryStringParser(),
      // §1: exact, case-sensitive paths; /v1/recipe/ is an unknown route.
      ignoreTrailingSlash: false,
      ignoreDuplicateSlashes: false,
      caseSensitive: true,
    },
    trustProxy: config.trustProxy,
    // fastify's own 503 while closing is not an envelope; in-flight keep-alive requests are
    // served normally and /ready already reports the shutdown.
    return503OnClosing: false,
  } as FastifyServerOptions;
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify(fastifyOptions(options.config, options.logger));
  const readiness = new Readiness();
  const deps: GatewayDeps = {
    config: options.config,
    recipeSource: options.recipeSource,
    bundleRunner: options.bundleRunner,
    catalog: options.catalog,
    allowlists: options.allowlists,
    readiness,
  };
  app.decorate('deps', deps);

  // Order matters: the error plugin's onRoute hook must see every route registered after it.
  await app.register(apiChainPlugin);
  await app.register(requestIdPlugin);
  await app.register(apiHeadersPlugin);
  // Outermost of the chain (§2 step 1): counts every chain request, 429s included.
  await app.register(metricsPlugin);
  // Rate limiting precedes everything a handler decides, 405 and bad query strings included (§3.3).
  await app.register(rateLimitPlugin, {
    store: options.rateLimitStore ?? new MemoryBucketStore(options.config.rateLimit),
    limits: options.config.rateLimit,
  });
  await app.register(loadSheddingPlugin, options.loadShedding ?? {});
  await app.register(requestInputPlugin);
  await app.register(errorHandlerPlugin);
  // Its onRoute hook documents the routes registered after it; /docs routes get 405 handling.
  await app.register(openApiPlugin);
  await app.register(drainPlugin);
  await app.register(routes);

  // Requests can only arrive once listening, which follows onReady; ready ends at shutdown.
  app.addHook('onReady', async () => readiness.markReady());
  app.addHook('preClose', async () => readiness.markStopping());
  return app;
}
