import { CACHE_CONTROL_RECIPE, LIMITS } from '@aicr/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { withDeadline } from '../deadline';
import { jsonBytes, sendJsonBytes } from '../plugins/envelope';
import { ResponseCache } from '../response-cache';
import { validateQueryBody, validateQueryQuery, type QueryRequest } from '../validators/query';

/** GET|HEAD|POST /v1/query (API.md §8.4, §8.5): any JSON value at the selector. */
export const queryRoutes: FastifyPluginAsync = async (app) => {
  const { deps } = app;
  const cache = new ResponseCache();
  // The serialised answer, from the cache (§8.2 [extension]) or computed under the deadline.
  const answer = async ({ criteria, selector }: QueryRequest): Promise<Buffer> => {
    const key = ResponseCache.key(deps.catalog?.contentHash, criteria, selector);
    const cached = cache.get(key);
    if (cached) return cached;
    const body = jsonBytes(await withDeadline(deps.config.recipeTimeoutMs, 'query', (signal) => deps.recipeSource.query(criteria, selector, signal)));
    cache.set(key, body);
    return body;
  };

  app.get('/v1/query', async (request, reply) => {
    const value = await answer(validateQueryQuery(request.query, deps.allowlists));
    reply.header('Cache-Control', CACHE_CONTROL_RECIPE);
    return sendJsonBytes(reply, value);
  });

  app.post(
    '/v1/query',
    { bodyLimit: LIMITS.queryBodyBytes, config: { parseErrorMessage: 'Invalid query request body' } },
    async (request, reply) => {
      const value = await answer(validateQueryBody(request.body, request.bodyContentType, deps.allowlists));
      reply.header('Cache-Control', CACHE_CONTROL_RECIPE);
      return sendJsonBytes(reply, value);
    },
  );
};
