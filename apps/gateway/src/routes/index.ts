import type { FastifyPluginAsync } from 'fastify';
import { bundleRoutes } from './bundle';
import { healthRoutes } from './health';
import { metricsRoutes } from './metrics';
import { queryRoutes } from './query';
import { recipeRoutes } from './recipe';
import { rootRoutes } from './root';

/** Every route plugin, in one explicit list (add a route: import it, add one line). */
export const routePlugins: ReadonlyArray<FastifyPluginAsync> = [rootRoutes, recipeRoutes, queryRoutes, bundleRoutes, healthRoutes, metricsRoutes];

export const routes: FastifyPluginAsync = async (app) => {
  for (const plugin of routePlugins) await app.register(plugin);
};
