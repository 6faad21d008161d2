/**
 * Bundle worker process (`npm run start:bundle-worker`): renders the bundle flows the gateways
 * queue in Redis (ARCHITECTURE.md §2). Wiring only: config, the queue lib's worker, an optional
 * health/metrics port, graceful shutdown (SIGTERM/SIGINT: finish the jobs in hand, take no new
 * one, exit 0).
 *
 * Environment (API.md §9): REDIS_URL (required), AICR_WORKER_CONCURRENCY, AICR_STALLED_INTERVAL_MS,
 * AICR_BUNDLE_TTL_SECONDS, AICR_METRICS_PORT, SHUTDOWN_TIMEOUT_SECONDS, LOG_LEVEL and
 * AICR_REDIS_PREFIX (key prefix, default `aicr`; gateways and workers of one deployment must agree).
 */
import type { Server } from 'node:http';
import { bullmqTelemetry, installGracefulShutdown, loadConfig, startTracing } from '@aicr/platform';
import { startBundleWorker, type BundleWorker } from '@aicr/queue';
import { startHealthServer } from './health-server';
import { jsonLogger } from './logger';
import { createWorkerMetrics } from './metrics';

const { config, warnings } = loadConfig(process.env);
const logger = jsonLogger(config.logLevel, 'aicr-bundle-worker');
for (const warning of warnings) logger.warn({}, warning);

if (!config.redisUrl) {
  logger.error({}, 'REDIS_URL is required: the bundle worker takes its jobs from Redis (e.g. REDIS_URL=redis://127.0.0.1:6379)');
  process.exit(1);
}
const redisUrl = config.redisUrl;
// Before the worker exists: its jobs join the traces of the requests that queued them.
const tracing = await startTracing({ serviceName: 'aicr-bundle-worker', enabled: config.tracingRequested });

let worker: BundleWorker | undefined;
let server: Server | undefined;

installGracefulShutdown({
  timeoutSeconds: config.shutdownTimeoutSeconds,
  logger,
  async onShutdown() {
    await worker?.close();
    await tracing.shutdown();
    if (server) {
      const s = server;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    }
  },
});

const metrics = createWorkerMetrics(() => (worker ? worker.jobCounts() : Promise.reject(new Error('worker not started'))));
if (config.metricsPort !== undefined) {
  try {
    server = await startHealthServer(config.metricsPort, config.host, {
      connected: () => worker?.connected() ?? false,
      registry: metrics.registry,
    });
    logger.info({ port: config.metricsPort }, 'health and metrics listening');
  } catch (err) {
    logger.error({ err: (err as Error).message, port: config.metricsPort }, 'cannot listen on AICR_METRICS_PORT');
    process.exit(1);
  }
}

worker = await startBundleWorker({
  redisUrl,
  prefix: config.redisPrefix,
  bundleTtlSeconds: config.bundleTtlSeconds,
  maxDepth: config.queueMaxDepth,
  stalledIntervalMs: config.stalledIntervalMs,
  concurrency: config.workerConcurrency,
  logger,
  observer: metrics.observe,
  telemetry: bullmqTelemetry(),
});
