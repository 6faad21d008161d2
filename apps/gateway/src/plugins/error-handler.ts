/**
 * The ONE error handler (API.md §3): AicrError → envelope; fastify's own errors mapped to the
 * contract; anything else → 500 `Internal server error`, logged, no details. Also the
 * not-found handler, which tells an unknown path (404) from a known path with a wrong method
 * (405 with `Allow`, §3.3) using the routes actually registered.
 */
import { AicrError, ErrorCode, HEADERS, HTTP_API_VERSION, invalidRequest } from '@aicr/contracts';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './envelope';
import { globalPlugin } from './global-plugin';

/** Allow-header order; HEAD is implied by GET and never listed (§3.3). */
const METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function routeNotFound(method: string, path: string): AicrError {
  return new AicrError(ErrorCode.NOT_FOUND, 'Route not found', { method, path });
}

export function methodNotAllowed(method: string, allowed: string[]): AicrError {
  // `allowed` appears in details only where more than one method exists (/v1/recipe, /v1/query).
  const details = allowed.length > 1 ? { method, allowed } : { method };
  return new AicrError(ErrorCode.METHOD_NOT_ALLOWED, 'Method not allowed', details, { headers: { Allow: allowed.join(', ') } });
}

/** fastify's own errors, expressed in the contract's words. */
export function toAicrError(error: FastifyError, request: FastifyRequest): AicrError | undefined {
  if (AicrError.is(error)) return error;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
    return invalidRequest('Request body too large', { limit: request.routeOptions.bodyLimit }, 413);
  }
  const parseMessage = request.routeOptions.config?.parseErrorMessage ?? 'Invalid request body';
  const bodyErrors = new Set([
    'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
    'FST_ERR_CTP_EMPTY_JSON_BODY',
    'FST_ERR_CTP_INVALID_JSON_BODY',
    'FST_ERR_CTP_INVALID_MEDIA_TYPE',
    'FST_ERR_VALIDATION',
  ]);
  // Proto-poisoning and JSON syntax errors from fastify's parsers carry statusCode 400 and no code.
  if (bodyErrors.has(error.code) || (error.statusCode === 400 && (error instanceof SyntaxError || !error.code))) {
    return invalidRequest(parseMessage, { error: error.message });
  }
  return undefined;
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

export const errorHandlerPlugin: FastifyPluginAsync = globalPlugin(async (app) => {
  const methodsByPath = new Map<string, Set<string>>();
  const wildcardPrefixes: Array<{ prefix: string; methods: Set<string> }> = [];

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const url = route.url ?? route.path;
    let set: Set<string>;
    if (url.endsWith('/*')) {
      const prefix = url.slice(0, -1);
      let entry = wildcardPrefixes.find((w) => w.prefix === prefix);
      if (!entry) wildcardPrefixes.push((entry = { prefix, methods: new Set() }));
      set = entry.methods;
    } else {
      set = methodsByPath.get(url) ?? new Set();
      methodsByPath.set(url, set);
    }
    for (const m of methods) if (m !== 'HEAD') set.add(m);
  });

  const allowedFor = (path: string): string[] | undefined => {
    const set = methodsByPath.get(path) ?? wildcardPrefixes.find((w) => path.startsWith(w.prefix))?.methods;
    if (!set || set.size === 0) return undefined;
    return [...set].sort((a, b) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b));
  };

  app.setNotFoundHandler(async (request, reply) => {
    const path = pathOf(request.url);
    const allowed = allowedFor(path);
    return sendError(reply, allowed ? methodNotAllowed(request.method, allowed) : routeNotFound(request.method, path));
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const mapped = toAicrError(error, request);
    if (mapped) {
      if (mapped.status >= 500) request.log.warn({ err: error }, mapped.message);
      return sendError(reply, mapped);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, new AicrError(ErrorCode.INTERNAL_ERROR, 'Internal server error'));
  });
}, 'aicr-error-handler');

/** fastify `frameworkErrors`: errors raised before routing (a path that does not decode). */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header(HEADERS.apiVersion, HTTP_API_VERSION);
  if (error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void sendError(reply, routeNotFound(request.method, pathOf(request.raw.url ?? '')));
    return;
  }
  request.log.error({ err: error }, 'framework error');
  void sendError(reply, new AicrError(ErrorCode.INTERNAL_ERROR, 'Internal server error'));
}
