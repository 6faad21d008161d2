/**
 * The error envelope (API.md §3). Only the error handler, the not-found handler and the
 * client-error handler build it; everything else throws AicrError.
 */
import { AicrError, ERROR_RETRYABLE, HEADERS, type ErrorCode, type ErrorDetails } from '@aicr/contracts';
import type { FastifyReply } from 'fastify';

/** The envelope as sent; contracts' ErrorEnvelope schema describes it for OpenAPI. */
export interface EnvelopeBody {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
  requestId: string;
  timestamp: string;
  retryable: boolean;
}

export function envelopeOf(error: AicrError, requestId: string, now = new Date()): EnvelopeBody {
  const body: EnvelopeBody = {
    code: error.code,
    message: error.message,
    requestId,
    timestamp: now.toISOString(),
    retryable: ERROR_RETRYABLE[error.code],
  };
  // details omitted entirely when empty (never null or {}); key order as in the spec.
  if (error.details && Object.keys(error.details).length > 0) {
    return { code: body.code, message: body.message, details: error.details, requestId, timestamp: body.timestamp, retryable: body.retryable };
  }
  return body;
}

export function sendError(reply: FastifyReply, error: AicrError): FastifyReply {
  const requestId = reply.request.id;
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  reply.header(HEADERS.requestId, requestId);
  return sendJson(reply, envelopeOf(error, requestId), error.status);
}

/**
 * Every JSON body goes through here: compact, Content-Type exactly `application/json` (§2).
 * Sent as a Buffer because fastify appends `; charset=utf-8` to string JSON payloads.
 */
export function sendJson(reply: FastifyReply, value: unknown, status = 200): FastifyReply {
  return sendJsonBytes(reply, jsonBytes(value), status);
}

/** The bytes sendJson sends, for callers that keep them (the response cache). */
export const jsonBytes = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');

/** sendJson for a body already serialised by jsonBytes. */
export function sendJsonBytes(reply: FastifyReply, bytes: Buffer, status = 200): FastifyReply {
  return reply.code(status).type('application/json').send(bytes);
}
