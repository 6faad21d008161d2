/**
 * Prometheus metrics (API.md §8.8): the series of every request in the API chain — `/`,
 * `/v1/*`, `/openapi.json`, `/docs`, unknown routes — counted like upstream's outermost
 * middleware, 429s included; /health, /ready, /metrics are not counted. The GET /metrics route
 * itself is routes/metrics.ts (registered with the routes, so 405 handling and the OpenAPI
 * document see it).
 *
 * Register after the api-chain plugin (whose verdict it reads), before the rate limiter (so
 * 429s are counted) and before the routes: its onRoute hook collects the known paths (405
 * labels), and it replaces `app.deps.recipeSource` / `bundleRunner` with measured wrappers
 * (metrics/measured-ports.ts) before any route captures them.
 */
import {
  createGatewayMetrics,
  createMetricsRegistry,
  registerQueueJobsGauge,
  type GatewayMetrics,
  type JobCountsSource,
  type Registry,
} from '@aicr/platform';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { measuredBundleRunner, measuredRecipeSource } from '../metrics/measured-ports';
import { pathLabel } from '../metrics/path-label';
import { toAicrError } from './error-handler';
import { globalPlugin } from './global-plugin';

export interface MetricsPluginOptions {
  /** Default: a fresh per-app registry with Node's default metrics. */
  registry?: Registry;
  /**
   * Job counts for `aicr_queue_jobs`. Default: with REDIS_URL, a counter over the bundle queues
   * (the queue lib is imported only then); without, no queue series.
   */
  jobCounts?: JobCountsSource;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: { registry: Registry } & GatewayMetrics;
  }
}

const kStart = Symbol('aicr.metrics.start');
type Timed = FastifyRequest & { [kStart]?: bigint };

export const metricsPlugin: FastifyPluginAsync<MetricsPluginOptions> = globalPlugin(async (app, options) => {
  const registry = options.registry ?? createMetricsRegistry();
  const metrics = createGatewayMetrics(registry);
  app.decorate('metrics', { registry, ...metrics });

  const { deps } = app;
  deps.recipeSource = measuredRecipeSource(deps.recipeSource, metrics);
  // main.ts always passes a runner (in-process or queue); only tests leave it to the route.
  if (deps.bundleRunner) deps.bundleRunner = measuredBundleRunner(deps.bundleRunner, metrics);
  // Upstream counts recipe data loads; this process loaded its catalog once, at start-up.
  if (deps.catalog) metrics.recipeCacheMisses.inc();

  let jobCounts = options.jobCounts;
  if (!jobCounts && deps.config.redisUrl) {
    const { createJobCounter } = await import('@aicr/queue');
    const counter = createJobCounter({ redisUrl: deps.config.redisUrl, prefix: deps.config.redisPrefix });
    app.addHook('onClose', () => counter.close());
    jobCounts = () => counter.counts();
  }
  if (jobCounts) {
    let failing = false;
    registerQueueJobsGauge(registry, async () => {
      const counts = await jobCounts();
      failing = false;
      return counts;
    }, (err) => {
      if (!failing) app.log.warn({ err: err.message }, 'metrics: cannot read queue job counts');
      failing = true;
    });
  }

  const knownPaths = new Set<string>();
  app.addHook('onRoute', (route) => {
    if (route.config?.apiChain !== false) knownPaths.add(route.url ?? route.path);
  });

  const inFlightDone = () => metrics.inFlight.dec();
  app.addHook('onRequest', (request, reply, done) => {
    // Set by the api-chain plugin's onRequest hook, registered before this one.
    if (request.inApiChain) {
      (request as Timed)[kStart] = process.hrtime.bigint();
      metrics.inFlight.inc();
      // 'close' fires once per response, also when the client went away before the end.
      reply.raw.once('close', inFlightDone);
    }
    done();
  });

  app.addHook('onResponse', (request, reply, done) => {
    const start = (request as Timed)[kStart];
    if (start !== undefined) {
      const path = pathLabel(request.routeOptions.url, request.url, knownPaths);
      const status = reply.statusCode;
      metrics.httpRequests.inc({ method: request.method, path, status: String(status) });
      metrics.httpDuration.observe({ method: request.method, path }, Number(process.hrtime.bigint() - start) / 1e9);
      // Only the limiter answers 429 (§4).
      if (status === 429) metrics.rateLimitRejects.inc();
    }
    done();
  });

  // An error the contract does not know is an exception the error handler turns into a 500
  // (upstream's panic recovery).
  app.addHook('onError', async (request, _reply, error) => {
    if (!toAicrError(error, request)) metrics.panicRecoveries.inc();
  });
}, 'aicr-metrics');
