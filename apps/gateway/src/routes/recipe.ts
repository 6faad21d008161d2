import { LIMITS, type Criteria } from '@aicr/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { perQuery } from '../parsing';
import { ResponseCache } from '../response-cache';
import { RECIPE_CRITERIA_MESSAGE, validateRecipeBody, validateRecipeQuery } from '../validators/recipe';
import { cachedAnswer, sendAnswer } from './cached-answer';

/** GET|HEAD|POST /v1/recipe (API.md §8.2, §8.3). */
export const recipeRoutes: FastifyPluginAsync = async (app) => {
  const { deps } = app;
  const cached = cachedAnswer(deps.config.recipeTimeoutMs, 'recipe');
  const keyed = (criteria: Criteria) => ({ criteria, key: ResponseCache.key(deps.catalog?.contentHash, criteria) });
  const resolve = ({ criteria, key }: ReturnType<typeof keyed>) => cached(key, (signal) => deps.recipeSource.resolve(criteria, signal));

  // A repeated query string skips validation and the cache key's construction.
  const validQuery = perQuery((query) => keyed(validateRecipeQuery(query, deps.allowlists)));
  // Not async: a cached answer goes out without a promise (cached-answer.ts).
  app.get('/v1/recipe', (request, reply) => sendAnswer(reply, resolve(validQuery(request.query))));

  app.post(
    '/v1/recipe',
    { bodyLimit: LIMITS.recipeBodyBytes, config: { parseErrorMessage: RECIPE_CRITERIA_MESSAGE } },
    (request, reply) => sendAnswer(reply, resolve(keyed(validateRecipeBody(request.body, request.bodyContentType, deps.allowlists)))),
  );
};
