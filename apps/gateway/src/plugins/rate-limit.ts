/**
 * Rate limiting of the API chain (API.md §4): per client IP (the TCP peer, or X-Forwarded-For
 * when AICR_TRUST_PROXY=true via fastify's trustProxy), one token per request, unknown routes
 * and 405s included; /health, /ready, /metrics are outside the chain.
 */
import { AicrError, ErrorCode, HEADERS } from '@aicr/contracts';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { BucketLimits, BucketStore, TakeResult } from '@aicr/platform';
import { globalPlugin } from './global-plugin';

/** The limiter's port; @aicr/platform has the memory and Redis-shared stores. */
export type RateLimitStore = BucketStore;

export interface RateLimitOptions {
  store: RateLimitStore;
  limits: BucketLimits;
}

/** IPv4-mapped IPv6 peers share the IPv4 bucket (§4). */
export function clientKey(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

export const rateLimitPlugin: FastifyPluginAsync<RateLimitOptions> = globalPlugin(async (app, { store, limits }) => {
  const limit = String(limits.perSecond);
  /** Stamps the §4 headers; the 429 error when the bucket was empty. */
  const verdict = ({ allowed, remaining }: TakeResult, reply: FastifyReply): AicrError | undefined => {
    reply.header(HEADERS.rateLimitLimit, limit);
    reply.header(HEADERS.rateLimitRemaining, String(remaining));
    reply.header(HEADERS.rateLimitReset, String(Math.floor(Date.now() / 1000) + 1));
    if (allowed) return undefined;
    return new AicrError(ErrorCode.RATE_LIMIT_EXCEEDED, 'Rate limit exceeded', { limit: limits.perSecond, burst: limits.burst }, {
      headers: { [HEADERS.retryAfter]: '1' },
    });
  };

  // Callback-style: the memory store answers synchronously, so most requests pass this hook
  // without a promise; only the Redis store's answer is awaited.
  app.addHook('onRequest', (request, reply, done) => {
    if (!request.inApiChain) return done();
    const taken = store.take(clientKey(request.ip));
    if (taken instanceof Promise) taken.then((result) => done(verdict(result, reply)), done);
    else done(verdict(taken, reply));
  });
  app.addHook('onClose', async () => {
    await store.close?.();
  });
}, 'aicr-rate-limit');
