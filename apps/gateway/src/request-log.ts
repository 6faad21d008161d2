/**
 * Request logging (API.md §2, step 6): one line per request, written when the response is done,
 * like upstream's request-logging middleware. fastify's default writes two ("incoming request",
 * "request completed"), each a JSON serialisation and a synchronous write to stderr: a quarter
 * of the gateway's CPU on a cached GET /v1/recipe (docs/benchmarks.md). The one line carries
 * what the two did: request id, method, URL, host, client address and port, status, time.
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export class OneLineRequestLog extends LogController {
  override incomingRequest(): void {
    // Folded into requestCompleted's line.
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
