/**
 * `npm start`: config → start-up checks → ports → app → listen; graceful shutdown on
 * SIGTERM/SIGINT (not-ready first, then drain). Exits 1 before listening on bad config/data.
 */
import { installGracefulShutdown, loadConfig, logLine, startTracing } from '@aicr/platform';
import { buildApp } from './app';
import { loadGatewayData } from './startup';
import { createBundleWiring, createRateLimitStore, createRecipeSource } from './wiring';

const { config, warnings } = loadConfig();

async function main(): Promise<void> {
  // First: @fastify/otel attaches to fastify instances created after this, BullMQ reads its telemetry in wiring.
  const tracing = await startTracing({ serviceName: 'aicr-gateway', enabled: config.tracingRequested });
  const data = await loadGatewayData(config);
  const recipeSource = await createRecipeSource(config, data.catalog);
  const { bundleRunner, worker } = await createBundleWiring(config);
  const rateLimitStore = createRateLimitStore(config);
  const app = await buildApp({ config, recipeSource, bundleRunner, catalog: data.catalog, allowlists: data.allowlists, rateLimitStore });
  for (const warning of warnings) app.log.warn(warning);

  installGracefulShutdown({
    timeoutSeconds: config.shutdownTimeoutSeconds,
    logger: app.log,
    onShutdown: async () => {
      app.deps.readiness.markStopping();
      await app.close();
      await worker?.close();
      await bundleRunner?.close();
      await recipeSource.close();
      await tracing.shutdown();
    },
  });
  await app.listen({ port: config.port, host: config.host });
}

main().catch((err: Error) => {
  // Before (or instead of) listening: bad allowlist, broken catalog, port in use.
  logLine(config.logLevel, 'error', err.message, { err: { type: err.name, stack: err.stack } });
  process.exit(1);
});
