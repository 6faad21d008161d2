import type { FastifyPluginAsync } from 'fastify';

/**
 * GET /metrics (API.md §8.8): Prometheus text of the app's registry, outside the API chain.
 * The series themselves are recorded by plugins/metrics.ts, which must be registered.
 */
export const metricsRoutes: FastifyPluginAsync = async (app) => {
  app.get('/metrics', { config: { apiChain: false } }, async (_request, reply) => {
    const { registry } = app.metrics;
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
};
