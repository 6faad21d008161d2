import { AicrError, ErrorCode, type RecipeServiceErrorBody } from '@aicr/contracts';
import type { FastifyError, FastifyInstance } from 'fastify';

/**
 * The one error handler: every failure leaves as `{ error: <serialized AicrError> }` with the
 * error's status and headers, so the client can rethrow the very same AicrError.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const e = toAicrError(err);
    if (e.status >= 500) request.log.error({ err }, 'request failed');
    else request.log.debug({ err: e.toJSON() }, 'request rejected');
    const body: RecipeServiceErrorBody = { error: e.toJSON() };
    return reply.code(e.status).headers(e.headers).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const e = new AicrError(ErrorCode.NOT_FOUND, 'Route not found', { method: request.method, path: request.url.split('?')[0] });
    const body: RecipeServiceErrorBody = { error: e.toJSON() };
    return reply.code(e.status).send(body);
  });
}

function toAicrError(err: FastifyError): AicrError {
  if (AicrError.is(err)) return err;
  // Schema failures and fastify's own 4xx (bad JSON, wrong content type, body too large) are the
  // caller's fault; keep their status so 413/415 stay distinguishable.
  if (err.validation) return new AicrError(ErrorCode.INVALID_REQUEST, 'Invalid request body', { error: err.message });
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new AicrError(ErrorCode.INVALID_REQUEST, 'Invalid request', { error: err.message }, { status: err.statusCode });
  }
  return new AicrError(ErrorCode.INTERNAL_ERROR, 'Internal server error', undefined, { cause: err });
}
