import type { FastifyPluginAsync, FastifyPluginCallback } from 'fastify';

/**
 * Marks a plugin as not encapsulated, so its hooks and handlers apply to the whole app.
 * This is exactly what `fastify-plugin` does; it is not one of our direct dependencies, and
 * the two symbols are fastify's documented contract.
 */
export function globalPlugin<T extends FastifyPluginAsync<any> | FastifyPluginCallback<any>>(fn: T, name: string): T {
  const f = fn as unknown as Record<symbol, unknown>;
  f[Symbol.for('skip-override')] = true;
  f[Symbol.for('fastify.display-name')] = name;
  return fn;
}
