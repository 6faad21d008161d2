import { LIMITS } from '@aicr/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { ResponseCache } from '../response-cache';
import { validateQueryBody, validateQueryQuery, type QueryRequest } from '../validators/query';
import { cachedAnswer, sendAnswer } from './cached-answer';

/** GET|HEAD|POST /v1/query (API.md §8.4, §8.5): any JSON value at the selector. */
export const queryRoutes: FastifyPluginAsync = async (app) => {
  const { deps } = app;
  const cached = cachedAnswer(deps.config.recipeTimeoutMs, 'query');
  const answer = ({ criteria, selector }: QueryRequest) =>
    cached(ResponseCache.key(deps.catalog?.contentHash, criteria, selector), (signal) => deps.recipeSource.query(criteria, selector, signal));

  app.get('/v1/query', async (request, reply) => sendAnswer(reply, await answer(validateQueryQuery(request.query, deps.allowlists))));

  app.post(
    '/v1/query',
    { bodyLimit: LIMITS.queryBodyBytes, config: { parseErrorMessage: 'Invalid query request body' } },
    async (request, reply) => sendAnswer(reply, await answer(validateQueryBody(request.body, request.bodyContentType, deps.allowlists))),
  );
};
