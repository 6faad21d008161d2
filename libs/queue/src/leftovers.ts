/**
 * What a finished request may leave in Redis. BullMQ keeps a few keys per queue for its own
 * bookkeeping whatever the jobs do; everything else of the queue's — a job hash (`<q>:<id>`,
 * `<q>:<id>:*`), a non-empty state list/set (`wait`, `active`, `waiting-children`, `completed`,
 * `failed`, …; Redis drops empty ones), a zip or cancel key — is a leftover. Only the queue's own
 * keys are looked at (the prefix may be shared with e.g. the rate limiter). Tests assert the list
 * is empty; ops can use it to spot leaks.
 */
import type { Redis } from 'ioredis';
import { BUNDLE_QUEUES } from '@aicr/contracts';

/**
 * Per-queue bookkeeping that is not a leftover: queue metadata, the job id counter, the event
 * stream (capped by BullMQ), the stalled-check throttle key (short TTL) and the worker wake-up
 * marker.
 */
const BOOKKEEPING = new Set(['meta', 'id', 'events', 'stalled-check', 'marker']);

async function scan(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

/** The prefix is literal text, never a pattern. */
const literal = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');

export async function queueLeftovers(redis: Redis, prefix: string): Promise<string[]> {
  const p = literal(prefix);
  const left: string[] = [];
  for (const queue of Object.values(BUNDLE_QUEUES)) {
    const base = `${prefix}:${queue}:`;
    for (const key of await scan(redis, `${p}:${queue}:*`)) if (!BOOKKEEPING.has(key.slice(base.length))) left.push(key);
  }
  // Zips and cancel markers (bundle-store.ts).
  left.push(...(await scan(redis, `${p}:aicr-zip:*`)), ...(await scan(redis, `${p}:aicr-cancel:*`)));
  return left.sort();
}
