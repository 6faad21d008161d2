/**
 * Job counts of the bundle queues for the `aicr_queue_jobs` gauge (API.md §8.8), read on demand
 * (at scrape time) by a process that does not otherwise hold Queue objects (the gateway). Its
 * own fail-fast connection: a scrape while Redis is down must fail at once, not wait.
 */
import { Queue } from 'bullmq';
import { BUNDLE_QUEUES } from '@aicr/contracts';
import { DEFAULT_PREFIX } from './options';
import { closeConnection, producerConnection } from './redis-connection';

export interface JobCounter {
  /** queue name → state → count, for every bundle queue. */
  counts(): Promise<Record<string, Record<string, number>>>;
  close(): Promise<void>;
}

const STATES = ['waiting', 'active', 'delayed', 'waiting-children', 'failed', 'prioritized'] as const;

export function createJobCounter(options: { redisUrl: string; prefix?: string }): JobCounter {
  const connection = producerConnection(options.redisUrl);
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const queues = [BUNDLE_QUEUES.assemble, BUNDLE_QUEUES.render].map((name) => new Queue(name, { connection, prefix }));
  for (const q of queues) q.on('error', () => undefined);
  return {
    async counts() {
      const all = await Promise.all(queues.map((q) => q.getJobCounts(...STATES)));
      return Object.fromEntries(queues.map((q, i) => [q.name, all[i]]));
    },
    async close() {
      await Promise.all(queues.map((q) => q.close().catch(() => undefined)));
      await closeConnection(connection);
    },
  };
}
