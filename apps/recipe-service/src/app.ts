import { LIMITS, TIMEOUTS } from '@aicr/contracts';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { RecipeEngineLike } from './engine';
import { installErrorHandling } from './errors';
import { recipeServiceRoutes } from './routes';

export interface BuildAppOptions {
  engine: RecipeEngineLike;
  /** fastify logger option; tests pass false. */
  logger?: FastifyServerOptions['logger'];
}

/** The recipe service as a fastify instance, not yet listening (main.ts listens; tests inject). */
export async function buildApp({ engine, logger = false }: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    // One hop behind the gateway, which already logs every request; here only failures are logged.
    disableRequestLogging: true,
    // Only the gateway talks to this service, with small JSON bodies.
    bodyLimit: LIMITS.queryBodyBytes,
    keepAliveTimeout: TIMEOUTS.keepAliveMs,
    requestTimeout: TIMEOUTS.requestMs,
    // Node checks header/request timeouts only at this interval (API.md §5.3, H30).
    http: { headersTimeout: TIMEOUTS.headersMs, connectionsCheckingInterval: TIMEOUTS.connectionsCheckingIntervalMs },
  });
  installErrorHandling(app);
  closeKeptAliveConnectionsOnShutdown(app);
  await app.register(recipeServiceRoutes, { engine });
  return app;
}

/**
 * fastify's close() reaps connections idle at that moment and marks requests arriving later, but
 * a request already in flight keeps its connection alive afterwards, and the gateway's pool
 * keeps it open, so close() would wait for the keep-alive timeout (120 s) — past the shutdown
 * deadline. Answering those with `Connection: close` lets the drain finish with the last reply.
 */
function closeKeptAliveConnectionsOnShutdown(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
}
