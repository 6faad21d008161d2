import { CACHE_CONTROL_RECIPE, LIMITS } from '@aicr/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { withDeadline } from '../deadline';
import { sendJson } from '../plugins/envelope';
import { validateQueryBody, validateQueryQuery, type QueryRequest } from '../validators/query';

/** GET|HEAD|POST /v1/query (API.md §8.4, §8.5): any JSON value at the selector. */
export const queryRoutes: FastifyPluginAsync = async (app) => {
  const { deps } = app;
  const answer = ({ criteria, selector }: QueryRequest) =>
    withDeadline(deps.config.recipeTimeoutMs, 'query', (signal) => deps.recipeSource.query(criteria, selector, signal));

  app.get('/v1/query', async (request, reply) => {
    const value = await answer(validateQueryQuery(request.query, deps.allowlists));
    reply.header('Cache-Control', CACHE_CONTROL_RECIPE);
    return sendJson(reply, value);
  });

  app.post(
    '/v1/query',
    { bodyLimit: LIMITS.queryBodyBytes, config: { parseErrorMessage: 'Invalid query request body' } },
    async (request, reply) => {
      const value = await answer(validateQueryBody(request.body, request.bodyContentType, deps.allowlists));
      reply.header('Cache-Control', CACHE_CONTROL_RECIPE);
      return sendJson(reply, value);
    },
  );
};
