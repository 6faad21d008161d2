/**
 * Recipe service entry point (split mode): config → catalog → app → listen; graceful shutdown on
 * SIGTERM/SIGINT. A catalog that does not load is fatal before listening (API.md §9), so the
 * process never becomes ready with broken data.
 */
import { serviceVersion } from '@aicr/contracts';
import { installGracefulShutdown, loadConfig, loggerOptions, logLine, startTracing } from '@aicr/platform';
import { RecipeEngine, defaultRecipesDir, loadCatalog } from '@aicr/recipe-engine';
import { buildApp } from './app';

const { config, warnings } = loadConfig();

async function main(): Promise<void> {
  // Before the fastify instance exists: its request spans continue the gateway's trace.
  const tracing = await startTracing({ serviceName: 'aicr-recipe-service', enabled: config.tracingRequested });
  const recipesDir = config.recipesDir ?? defaultRecipesDir();
  const catalog = await loadCatalog(recipesDir).catch((err: Error) => {
    throw new Error(`catalog failed to load from ${recipesDir}: ${err.message}`, { cause: err });
  });
  const engine = new RecipeEngine(catalog, { version: serviceVersion() });
  const app = await buildApp({ engine, logger: loggerOptions(config.logLevel, 'recipe-service') });
  for (const warning of warnings) app.log.warn(warning);

  installGracefulShutdown({
    timeoutSeconds: config.shutdownTimeoutSeconds,
    logger: app.log,
    onShutdown: async () => {
      await app.close();
      await tracing.shutdown();
    },
  });
  await app.listen({ port: config.port, host: config.host });
}

main().catch((err: Error) => {
  // Before (or instead of) listening: broken catalog, port in use.
  logLine(config.logLevel, 'error', err.message, { service: 'recipe-service', err: { type: err.name } });
  process.exit(1);
});
