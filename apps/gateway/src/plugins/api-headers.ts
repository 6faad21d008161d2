/** Headers of the API chain (API.md §2): X-API-Version on `/`, `/v1/*` and unknown routes. */
import { HEADERS, HTTP_API_VERSION } from '@aicr/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { globalPlugin } from './global-plugin';

export const apiHeadersPlugin: FastifyPluginAsync = globalPlugin(async (app) => {
  app.addHook('onRequest', (request, reply, done) => {
    if (request.inApiChain) reply.header(HEADERS.apiVersion, HTTP_API_VERSION);
    done();
  });
}, 'aicr-api-headers');
