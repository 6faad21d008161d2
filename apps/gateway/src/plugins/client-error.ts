/**
 * fastify `clientErrorHandler`: errors Node's HTTP parser raises before a request exists
 * (API.md §3.2, H2, H30). Where the socket is still writable and no response has started,
 * answer with the envelope (431 / 408 / 400), then close the connection.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { AicrError, invalidRequest, HEADERS } from '@aicr/contracts';
import { envelopeOf } from './envelope';

function errorFor(code: string | undefined): AicrError {
  if (code === 'HPE_HEADER_OVERFLOW') return invalidRequest('Request header fields too large', undefined, 431);
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return invalidRequest('Request timeout', undefined, 408);
  return invalidRequest('Bad request');
}

export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // A response already under way on this socket cannot be replaced by a second one.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const error = errorFor(err.code);
    const requestId = randomUUID();
    const body = JSON.stringify(envelopeOf(error, requestId));
    socket.write(
      `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `${HEADERS.requestId}: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
