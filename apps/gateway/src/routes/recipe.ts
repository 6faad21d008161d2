import { CACHE_CONTROL_RECIPE, LIMITS } from '@aicr/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { withDeadline } from '../deadline';
import { sendJson } from '../plugins/envelope';
import { RECIPE_CRITERIA_MESSAGE, validateRecipeBody, validateRecipeQuery } from '../validators/recipe';

/** GET|HEAD|POST /v1/recipe (API.md §8.2, §8.3). */
export const recipeRoutes: FastifyPluginAsync = async (app) => {
  const { deps } = app;
  const resolve = (criteria: Parameters<typeof deps.recipeSource.resolve>[0]) =>
    withDeadline(deps.config.recipeTimeoutMs, 'recipe', (signal) => deps.recipeSource.resolve(criteria, signal));

  app.get('/v1/recipe', async (request, reply) => {
    const recipe = await resolve(validateRecipeQuery(request.query, deps.allowlists));
    // Only successful answers are cacheable (§8.2).
    reply.header('Cache-Control', CACHE_CONTROL_RECIPE);
    return sendJson(reply, recipe);
  });

  app.post(
    '/v1/recipe',
    { bodyLimit: LIMITS.recipeBodyBytes, config: { parseErrorMessage: RECIPE_CRITERIA_MESSAGE } },
    async (request, reply) => {
      const recipe = await resolve(validateRecipeBody(request.body, request.bodyContentType, deps.allowlists));
      reply.header('Cache-Control', CACHE_CONTROL_RECIPE);
      return sendJson(reply, recipe);
    },
  );
};
