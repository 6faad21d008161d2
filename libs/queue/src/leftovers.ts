/**
 * What a finished request may leave under the prefix. BullMQ keeps a few keys per queue for its
 * own bookkeeping whatever the jobs do; everything else — a job hash (`<q>:<id>`, `<q>:<id>:*`), a
 * non-empty state list/set (`wait`, `active`, `waiting-children`, `completed`, `failed`, …; Redis
 * drops empty ones), a zip or cancel key — is a leftover. Tests assert the list is empty; ops can
 * use it to spot leaks.
 */
import type { Redis } from 'ioredis';
import { BUNDLE_QUEUES } from '@aicr/contracts';

/**
 * Per-queue bookkeeping that is not a leftover: queue metadata, the job id counter, the event
 * stream (capped by BullMQ), the stalled-check throttle key (short TTL) and the worker wake-up
 * marker.
 */
const BOOKKEEPING = new Set(['meta', 'id', 'events', 'stalled-check', 'marker']);

export async function queueLeftovers(redis: Redis, prefix: string): Promise<string[]> {
  const queues = new Set<string>(Object.values(BUNDLE_QUEUES));
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys
    .filter((key) => {
      const rest = key.slice(prefix.length + 1);
      const sep = rest.indexOf(':');
      const queue = rest.slice(0, sep);
      return !(sep > 0 && queues.has(queue) && BOOKKEEPING.has(rest.slice(sep + 1)));
    })
    .sort();
}
