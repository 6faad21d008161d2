/**
 * What GET|POST /v1/recipe and /v1/query share once a request is validated: the serialised
 * answer, from the route's own ResponseCache (API.md §8.2 [extension]) or computed under the
 * recipe deadline (§5.3), and sent with the recipe Cache-Control.
 */
import { CACHE_CONTROL_RECIPE } from '@aicr/contracts';
import type { FastifyReply } from 'fastify';
import { withDeadline } from '../deadline';
import { jsonBytes, sendJsonBytes } from '../plugins/envelope';
import { ResponseCache } from '../response-cache';

export type CachedAnswer = (key: string | undefined, compute: (signal: AbortSignal) => Promise<unknown>) => Promise<Buffer>;

/** One cache per route; `stage` names the deadline in a 504's details. */
export function cachedAnswer(timeoutMs: number, stage: string): CachedAnswer {
  const cache = new ResponseCache();
  return async (key, compute) => {
    const cached = cache.get(key);
    if (cached) return cached;
    const body = jsonBytes(await withDeadline(timeoutMs, stage, compute));
    cache.set(key, body);
    return body;
  };
}

/** A 200 answer; only successful answers are cacheable (§8.2). */
export function sendAnswer(reply: FastifyReply, body: Buffer): FastifyReply {
  reply.header('Cache-Control', CACHE_CONTROL_RECIPE);
  return sendJsonBytes(reply, body);
}
