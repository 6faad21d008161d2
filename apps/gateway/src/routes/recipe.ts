import { LIMITS, type Criteria } from '@aicr/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { ResponseCache } from '../response-cache';
import { RECIPE_CRITERIA_MESSAGE, validateRecipeBody, validateRecipeQuery } from '../validators/recipe';
import { cachedAnswer, sendAnswer } from './cached-answer';

/** GET|HEAD|POST /v1/recipe (API.md §8.2, §8.3). */
export const recipeRoutes: FastifyPluginAsync = async (app) => {
  const { deps } = app;
  const cached = cachedAnswer(deps.config.recipeTimeoutMs, 'recipe');
  const resolve = (criteria: Criteria) =>
    cached(ResponseCache.key(deps.catalog?.contentHash, criteria), (signal) => deps.recipeSource.resolve(criteria, signal));

  app.get('/v1/recipe', async (request, reply) => sendAnswer(reply, await resolve(validateRecipeQuery(request.query, deps.allowlists))));

  app.post(
    '/v1/recipe',
    { bodyLimit: LIMITS.recipeBodyBytes, config: { parseErrorMessage: RECIPE_CRITERIA_MESSAGE } },
    async (request, reply) => sendAnswer(reply, await resolve(validateRecipeBody(request.body, request.bodyContentType, deps.allowlists))),
  );
};
