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

/** The body at once when cached (no promise, no microtask on the hot path), else when computed. */
export type Answer = Buffer | Promise<Buffer>;

export type CachedAnswer = (key: string | undefined, compute: (signal: AbortSignal) => Promise<unknown>) => Answer;

/** One cache per route; `stage` names the deadline in a 504's details. */
export function cachedAnswer(timeoutMs: number, stage: string): CachedAnswer {
  const cache = new ResponseCache();
  const computeAndKeep = async (key: string | undefined, compute: (signal: AbortSignal) => Promise<unknown>) => {
    const body = jsonBytes(await withDeadline(timeoutMs, stage, compute));
    cache.set(key, body);
    return body;
  };
  return (key, compute) => cache.get(key) ?? computeAndKeep(key, compute);
}

/**
 * Sends a 200 answer; only successful answers are cacheable (§8.2). Route handlers return what
 * this returns: nothing when the answer was sent at once, a promise when it is still coming.
 */
export function sendAnswer(reply: FastifyReply, body: Answer): Promise<void> | undefined {
  if (body instanceof Promise) return body.then((bytes) => void sendAnswer(reply, bytes));
  reply.header('Cache-Control', CACHE_CONTROL_RECIPE);
  sendJsonBytes(reply, body);
  return undefined;
}
