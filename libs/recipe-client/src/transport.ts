import http from 'node:http';
import https from 'node:https';
import { AicrError } from '@aicr/contracts';
import { context, propagation } from '@opentelemetry/api';
import { internal, timedOut, unavailable } from './failures';

export interface TransportRequest {
  method: 'GET' | 'POST';
  /** Path relative to the base URL, e.g. `/internal/v1/resolve`. */
  path: string;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  body: string;
}

/** Pool bounds: a gateway replica never opens more than this many sockets to the service. */
export const POOL = {
  maxSockets: 64,
  maxFreeSockets: 16,
  /**
   * Idle sockets close after this. Shorter than the service's keepAliveTimeout (120 s), so the
   * client, not the server, ends an idle connection and a request rarely meets a socket the
   * server is closing at that very moment.
   */
  freeSocketTimeoutMs: 30_000,
} as const;

/** A recipe is tens of KiB; anything this large is a broken peer, not a recipe. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * A keep-alive socket the server closed while it sat in the pool: the request never reached
 * the server, so one retry on a fresh socket is safe (Node's docs advise the same).
 */
class StaleSocketError extends Error {}

/**
 * HTTP/1.1 to one base URL over a bounded keep-alive pool. Every failure comes out as an
 * AicrError: network → 503, deadline → 504. HTTP statuses are returned, not judged.
 */
export class Transport {
  private readonly base: URL;
  private readonly mod: typeof http | typeof https;
  private readonly agent: http.Agent;

  constructor(baseUrl: string) {
    const base = new URL(baseUrl);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new TypeError(`recipe-client: baseUrl must be http(s), got ${baseUrl}`);
    }
    // Keep a path prefix (http://proxy/recipes) when joining route paths.
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.base = base;
    this.mod = base.protocol === 'https:' ? https : http;
    this.agent = new this.mod.Agent({
      keepAlive: true,
      maxSockets: POOL.maxSockets,
      maxFreeSockets: POOL.maxFreeSockets,
      timeout: POOL.freeSocketTimeoutMs,
      scheduling: 'lifo',
    });
  }

  async request(req: TransportRequest): Promise<TransportResponse> {
    const deadline = Date.now() + req.timeoutMs;
    try {
      return await this.attempt(req, deadline);
    } catch (e) {
      if (!(e instanceof StaleSocketError)) throw e;
      try {
        return await this.attempt(req, deadline);
      } catch (again) {
        throw again instanceof StaleSocketError ? unavailable(again.cause) : again;
      }
    }
  }

  destroy(): void {
    this.agent.destroy();
  }

  private attempt(r: TransportRequest, deadline: number): Promise<TransportResponse> {
    return new Promise((resolve, reject) => {
      const { signal } = r;
      if (signal?.aborted) return reject(aborted(signal.reason));
      const remaining = deadline - Date.now();
      if (remaining <= 0) return reject(timedOut());

      let settled = false;
      let gotResponse = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (err: Error | null, res?: TransportResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(res!);
      };
      // Destroying the request also destroys its socket, so a late answer cannot land on a
      // pooled socket and be read as the reply to the next call.
      const fail = (err: Error) => {
        finish(err);
        req.destroy(err);
      };
      const onAbort = () => fail(aborted(signal!.reason));

      const url = new URL(r.path.replace(/^\//, ''), this.base);
      const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
      // W3C traceparent of the calling request, so the recipe service's span joins its trace
      // (a no-op unless the process started tracing, @aicr/platform tracing.ts).
      propagation.inject(context.active(), headers);
      if (r.body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(r.body);
      }
      const req = this.mod.request(url, { method: r.method, agent: this.agent, headers });
      // Covers the whole exchange (pool wait, connect, send, every body byte), not just idle gaps.
      timer = setTimeout(() => fail(timedOut()), remaining);
      signal?.addEventListener('abort', onAbort, { once: true });

      req.on('error', (err: NodeJS.ErrnoException) => {
        const stale = !gotResponse && req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE');
        finish(stale ? new StaleSocketError(err.message, { cause: err }) : unavailable(err));
      });
      req.on('response', (res) => {
        gotResponse = true;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) fail(internal(`recipe service response over ${MAX_RESPONSE_BYTES} bytes`));
          else chunks.push(chunk);
        });
        res.on('end', () => finish(null, { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => finish(unavailable(err)));
        res.on('close', () => {
          if (!res.complete) finish(unavailable(new Error('response cut short')));
        });
      });
      req.end(r.body);
    });
  }
}

/**
 * The caller gave up (its own deadline, or its client went away). An AicrError reason is the
 * caller's own verdict and passes through; anything else reads as a timeout, the only abort a
 * request handler's deadline produces.
 */
function aborted(reason: unknown): AicrError {
  return AicrError.is(reason) ? reason : timedOut(reason);
}
