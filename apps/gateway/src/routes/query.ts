import { LIMITS } from '@aicr/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { perQuery } from '../parsing';
import { ResponseCache } from '../response-cache';
import { validateQueryBody, validateQueryQuery, type QueryRequest } from '../validators/query';
import { cachedAnswer, sendAnswer } from './cached-answer';

/** GET|HEAD|POST /v1/query (API.md §8.4, §8.5): any JSON value at the selector. */
export const queryRoutes: FastifyPluginAsync = async (app) => {
  const { deps } = app;
  const cached = cachedAnswer(deps.config.recipeTimeoutMs, 'query');
  const keyed = (request: QueryRequest) => ({ ...request, key: ResponseCache.key(deps.catalog?.contentHash, request.criteria, request.selector) });
  const answer = ({ criteria, selector, key }: ReturnType<typeof keyed>) =>
    cached(key, (signal) => deps.recipeSource.query(criteria, selector, signal));

  // A repeated query string skips validation and the cache key's construction.
  const validQuery = perQuery((query) => keyed(validateQueryQuery(query, deps.allowlists)));
  // Not async: a cached answer goes out without a promise (cached-answer.ts).
  app.get('/v1/query', (request, reply) => sendAnswer(reply, answer(validQuery(request.query))));

  app.post(
    '/v1/query',
    { bodyLimit: LIMITS.queryBodyBytes, config: { parseErrorMessage: 'Invalid query request body' } },
    (request, reply) => sendAnswer(reply, answer(keyed(validateQueryBody(request.body, request.bodyContentType, deps.allowlists)))),
  );
};
