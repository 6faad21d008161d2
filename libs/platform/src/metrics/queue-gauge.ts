/**
 * `aicr_queue_jobs{queue,state}` (API.md §8.8): BullMQ job counts read from Redis at scrape time,
 * what a scaler acts on. The counts come from a function (the queue lib's job counter, or a
 * worker's jobCounts()), so this file needs no BullMQ.
 */
import { Gauge, type Registry } from 'prom-client';

/** The states §8.8 names; other states a counter returns are not exported. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'waiting-children', 'failed'] as const;

/** queue name → state → count */
export type JobCountsSource = () => Promise<Record<string, Record<string, number>>>;

export function registerQueueJobsGauge(registry: Registry, counts: JobCountsSource, onError?: (err: Error) => void): Gauge<'queue' | 'state'> {
  return new Gauge({
    name: 'aicr_queue_jobs',
    help: 'Jobs per BullMQ queue and state (queue-wide: aggregate with max, not sum)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      let byQueue: Record<string, Record<string, number>>;
      try {
        byQueue = await counts();
      } catch (err) {
        // Redis down: no series rather than stale numbers or a failed scrape.
        this.reset();
        onError?.(err as Error);
        return;
      }
      for (const [queue, states] of Object.entries(byQueue)) {
        for (const state of QUEUE_STATES) this.set({ queue, state }, states[state] ?? 0);
      }
    },
  });
}
