/**
 * Request id (API.md §2.1, H29). fastify's `genReqId` decides the id before any hook runs, so
 * every path — routes, 404s, framework errors — sees the same value; this plugin only puts it
 * on every response.
 */
import { randomUUID } from 'node:crypto';
import { HEADERS } from '@aicr/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { globalPlugin } from './global-plugin';

const HEX = '[0-9a-fA-F]';
// Canonical 8-4-4-4-12 plus the forms upstream's uuid.Parse accepts (urn:uuid:, {braced}, 32 hex).
const CANONICAL = `${HEX}{8}-${HEX}{4}-${HEX}{4}-${HEX}{4}-${HEX}{12}`;
const UUID_FORMS = new RegExp(`^(?:${CANONICAL}|urn:uuid:${CANONICAL}|\\{${CANONICAL}\\}|${HEX}{32})$`, 'i');

export function isAcceptedRequestId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && UUID_FORMS.test(value);
}

/** For fastify's `genReqId`: echo a valid incoming id, else a fresh v4 (never reflect bad input). */
export function requestIdFor(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return isAcceptedRequestId(incoming) ? incoming : randomUUID();
}

export const requestIdPlugin: FastifyPluginAsync = globalPlugin(async (app) => {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(HEADERS.requestId, request.id);
    done();
  });
}, 'aicr-request-id');
