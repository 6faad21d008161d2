/**
 * Request input normalisation (API.md §5.1, H28).
 * - Bodies: every POST body is read raw, whatever its Content-Type (never 415); each endpoint's
 *   validator picks JSON or YAML from the original header. fastify would answer 415 itself for
 *   a malformed Content-Type, so the header is stashed and replaced by a neutral one before
 *   fastify looks at it.
 * - Query strings: the parser marks malformed percent-encoding / NUL; this turns it into a 400.
 */
import { invalidRequest } from '@aicr/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { INVALID_QUERY } from '../parsing';
import { globalPlugin } from './global-plugin';

declare module 'fastify' {
  interface FastifyRequest {
    /** The Content-Type header as the client sent it (undefined when absent). */
    bodyContentType: string | undefined;
  }
}

export const requestInputPlugin: FastifyPluginAsync = globalPlugin(async (app) => {
  app.decorateRequest('bodyContentType', undefined);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.addHook('onRequest', (request, _reply, done) => {
    const headers = request.raw.headers;
    const ct = headers['content-type'];
    request.bodyContentType = ct;
    if (ct !== undefined) headers['content-type'] = 'application/octet-stream';

    const query = request.query as Record<symbol, unknown> | undefined;
    done(query && query[INVALID_QUERY] ? invalidRequest('Invalid query string') : undefined);
  });
}, 'aicr-request-input');
