import { QueryRequest, RECIPE_SERVICE_ROUTES, ResolveRequest } from '@aicr/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RecipeEngineLike } from './engine';

export interface RoutesOptions {
  engine: RecipeEngineLike;
}

/**
 * The internal API (README.md). Answers are JSON.stringify of what the engine returned, not a
 * schema serializer: a serializer would reorder keys to its schema, and the public responses
 * must keep the engine's order byte for byte.
 */
export async function recipeServiceRoutes(app: FastifyInstance, { engine }: RoutesOptions): Promise<void> {
  app.post<{ Body: ResolveRequest }>(RECIPE_SERVICE_ROUTES.resolve, { schema: { body: ResolveRequest } }, async (request, reply) => {
    const result = await engine.resolve(request.body.criteria);
    return sendJson(reply, JSON.stringify(result));
  });

  app.post<{ Body: QueryRequest }>(RECIPE_SERVICE_ROUTES.query, { schema: { body: QueryRequest } }, async (request, reply) => {
    const value = await engine.query(request.body.criteria, request.body.selector);
    return sendJson(reply, JSON.stringify({ value }));
  });

  app.get(RECIPE_SERVICE_ROUTES.health, async () => ({ status: 'healthy', timestamp: new Date().toISOString() }));

  // The catalog is loaded before the app is built, so a listening service is ready. Once close()
  // begins, fastify stops accepting connections and answers requests on kept-alive ones with
  // 503, so probes see "not ready" without a flag here.
  app.get(RECIPE_SERVICE_ROUTES.ready, async () => ({ status: 'ready', timestamp: new Date().toISOString(), checks: { recipes: 'ok' } }));
}

function sendJson(reply: FastifyReply, body: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(body);
}
