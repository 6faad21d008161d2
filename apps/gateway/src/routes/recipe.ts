import { CACHE_CONTROL_RECIPE, LIMITS } from '@aicr/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { withDeadline } from '../deadline';
import { jsonBytes, sendJsonBytes } from '../plugins/envelope';
import { ResponseCache } from '../response-cache';
import { RECIPE_CRITERIA_MESSAGE, validateRecipeBody, validateRecipeQuery } from '../validators/recipe';

/** GET|HEAD|POST /v1/recipe (API.md §8.2, §8.3). */
export const recipeRoutes: FastifyPluginAsync = async (app) => {
  const { deps } = app;
  const cache = new ResponseCache();
  // The serialised answer, from the cache (§8.2 [extension]) or resolved under the deadline.
  const resolve = async (criteria: Parameters<typeof deps.recipeSource.resolve>[0]): Promise<Buffer> => {
    const key = ResponseCache.key(deps.catalog?.contentHash, criteria);
    const cached = cache.get(key);
    if (cached) return cached;
    const body = jsonBytes(await withDeadline(deps.config.recipeTimeoutMs, 'recipe', (signal) => deps.recipeSource.resolve(criteria, signal)));
    cache.set(key, body);
    return body;
  };

  app.get('/v1/recipe', async (request, reply) => {
    const recipe = await resolve(validateRecipeQuery(request.query, deps.allowlists));
    // Only successful answers are cacheable (§8.2).
    reply.header('Cache-Control', CACHE_CONTROL_RECIPE);
    return sendJsonBytes(reply, recipe);
  });

  app.post(
    '/v1/recipe',
    { bodyLimit: LIMITS.recipeBodyBytes, config: { parseErrorMessage: RECIPE_CRITERIA_MESSAGE } },
    async (request, reply) => {
      const recipe = await resolve(validateRecipeBody(request.body, request.bodyContentType, deps.allowlists));
      reply.header('Cache-Control', CACHE_CONTROL_RECIPE);
      return sendJsonBytes(reply, recipe);
    },
  );
};
