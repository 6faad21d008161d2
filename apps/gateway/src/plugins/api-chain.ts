/**
 * Which requests are in the API chain (API.md §2): everything but /health, /ready, /metrics —
 * routes that say `config: { apiChain: false }`. A wrong method on those paths (405, answered
 * by the not-found handler, which has no route config) stays outside the chain too, so it is
 * neither rate-limited nor stamped with X-API-Version.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { globalPlugin } from './global-plugin';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the first onRequest hook; read by rate limiting and the API headers. */
    inApiChain: boolean;
  }
}

const pathOf = (url: string) => {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
};

export const apiChainPlugin: FastifyPluginAsync = globalPlugin(async (app) => {
  const outside = new Set<string>();
  app.decorateRequest('inApiChain', true);
  app.addHook('onRoute', (route) => {
    if (route.config?.apiChain === false) outside.add(route.url ?? route.path);
  });
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const own = request.routeOptions.config?.apiChain;
    request.inApiChain = own === false ? false : !(request.is404 && outside.has(pathOf(request.url)));
  });
}, 'aicr-api-chain');
