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
    if (route.config?.apiChain !== false) return;
    const url = route.url ?? route.path;
    // The request hook below matches the raw path, which only equals a static route's pattern.
    if (/[:*]/.test(url)) throw new Error(`route ${url}: only static routes can be outside the API chain`);
    outside.add(url);
  });
  // Every per-request hook of the gateway is callback-style: an async hook costs a promise and
  // a microtask turn per request, a measurable share of a cached GET (docs/benchmarks.md).
  // The path decides, matched or not: no routeOptions (fastify builds that object per call).
  app.addHook('onRequest', (request: FastifyRequest, _reply, done) => {
    request.inApiChain = !outside.has(pathOf(request.url));
    done();
  });
}, 'aicr-api-chain');
