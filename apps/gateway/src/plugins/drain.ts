/**
 * Graceful shutdown, the HTTP half (API.md §9): once close() starts, every response carries
 * `Connection: close`. fastify's close() stops the listener and closes idle keep-alive
 * connections, but a connection whose request is still in flight stays open after its answer
 * (the client keeps it in its pool) and would hold close() until the keep-alive timeout —
 * far past SHUTDOWN_TIMEOUT_SECONDS. Readiness turns false in buildApp's preClose hook.
 */
import type { FastifyPluginAsync } from 'fastify';
import { globalPlugin } from './global-plugin';

export const drainPlugin: FastifyPluginAsync = globalPlugin(async (app) => {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
}, 'aicr-drain');
