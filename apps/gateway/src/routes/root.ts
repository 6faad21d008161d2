import { API_ROUTES, SERVICE_NAME, serviceVersion } from '@aicr/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { sendJson } from '../plugins/envelope';

export const ServiceInfo = Type.Object({
  service: Type.String(),
  version: Type.String(),
  routes: Type.Array(Type.String()),
});
export type ServiceInfo = Static<typeof ServiceInfo>;

/** GET / (API.md §8.1): service info, the three API routes in fixed order. */
export const rootRoutes: FastifyPluginAsync = async (app) => {
  app.get('/', { schema: { response: { 200: ServiceInfo } } }, async (_request, reply) => {
    const info: ServiceInfo = { service: SERVICE_NAME, version: serviceVersion(), routes: [...API_ROUTES] };
    return sendJson(reply, info);
  });
};
