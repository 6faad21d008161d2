/**
 * Which implementation behind each port (ARCHITECTURE.md §1): the gateway never knows which
 * one it has. Split mode (RECIPE_SERVICE_URL) → the recipe service over HTTP; REDIS_URL → the
 * BullMQ flow, plus one embedded worker unless AICR_EMBEDDED_WORKER=false; otherwise bundles
 * render in this process. The recipe client, the queue and the bundler are imported lazily so a
 * process only loads (and can only fail on) the one it uses; tools/build.mjs keeps each such
 * import a separate chunk, so this holds for dist/ too (docs/benchmarks.md, fix 6).
 */
import type { BundleRunner, RecipeSource } from '@aicr/contracts';
import { bullmqTelemetry, createRateLimitStore as createPlatformRateLimitStore, logLine, type AppConfig } from '@aicr/platform';
import type { QueueOptions } from '@aicr/queue';
import { RecipeEngine, type Catalog } from '@aicr/recipe-engine';
import type { RateLimitStore } from './plugins/rate-limit';
import { LocalRecipeSource } from './recipe-source/local';

export async function createRecipeSource(config: AppConfig, catalog: Catalog): Promise<RecipeSource> {
  if (config.recipeServiceUrl) {
    // Lazy like the queue and the bundler: only a split-mode gateway loads the HTTP client.
    const { createHttpRecipeSource } = await import('@aicr/recipe-client');
    return createHttpRecipeSource({ baseUrl: config.recipeServiceUrl, timeoutMs: config.recipeTimeoutMs });
  }
  // The recipe route caches every answer by criteria already (response-cache.ts); the engine
  // keeps its overlay-level caches but not a second, never-hit copy of the results.
  return new LocalRecipeSource(new RecipeEngine(catalog, { resultCacheSize: 0 }));
}

export interface BundleWiring {
  bundleRunner: BundleRunner;
  worker?: { close(): Promise<void> };
}

export function queueOptions(config: AppConfig & { redisUrl: string }): QueueOptions {
  return {
    redisUrl: config.redisUrl,
    // AICR_REDIS_PREFIX covers the queues too (platform config): without it a deployment (or a
    // test) that sets a prefix has its gateways enqueue under `aicr` while its workers listen
    // elsewhere, and every bundle waits for its deadline.
    prefix: config.redisPrefix,
    bundleTtlSeconds: config.bundleTtlSeconds,
    maxDepth: config.queueMaxDepth,
    stalledIntervalMs: config.stalledIntervalMs,
    concurrency: config.workerConcurrency,
    // Set while tracing runs (main.ts starts it first): flows and jobs join the request's trace.
    telemetry: bullmqTelemetry(),
  };
}

export async function createBundleWiring(config: AppConfig): Promise<BundleWiring> {
  if (!config.redisUrl) {
    const { createInProcessBundleRunner } = await import('@aicr/bundler');
    return { bundleRunner: createInProcessBundleRunner() };
  }
  const { createQueueBundleRunner, startBundleWorker } = await import('@aicr/queue');
  const options = queueOptions({ ...config, redisUrl: config.redisUrl });
  const bundleRunner = createQueueBundleRunner(options);
  const worker = config.embeddedWorker ? await startBundleWorker(options) : undefined;
  return { bundleRunner, worker };
}

/** Shared buckets in Redis when REDIS_URL is set (falling back per process), in memory otherwise. */
export function createRateLimitStore(config: AppConfig): RateLimitStore {
  // Created before the app (and its logger): log in the same JSON shape through logLine.
  const log = (level: 'info' | 'warn') => (obj: unknown, msg?: string) =>
    logLine(config.logLevel, level, msg ?? '', obj as Record<string, unknown>);
  return createPlatformRateLimitStore({
    limits: config.rateLimit,
    redisUrl: config.redisUrl,
    prefix: config.redisPrefix,
    logger: { info: log('info'), warn: log('warn') },
  });
}
