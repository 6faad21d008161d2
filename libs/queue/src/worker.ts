/**
 * Worker side of the bundle queue: one BullMQ Worker per queue (render children, assemble
 * parents) on one Redis connection, in any number of processes. A worker that dies mid-job
 * (SIGKILL, OOM) loses its job lock; another worker's stalled check puts the job back in the queue
 * within about lockDuration + stalledInterval, so the request still finishes.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Queue, Worker, type WorkerOptions } from 'bullmq';
import { BUNDLE_QUEUES } from '@aicr/contracts';
import { assembleProcessor } from './assemble-processor';
import { BundleStore } from './bundle-store';
import { DEFAULT_PREFIX, within, type QueueLogger, type QueueOptions } from './options';
import { closeConnection, workerConnection } from './redis-connection';
import { renderProcessor } from './render-processor';
import { bundlerRenderer, type Renderer } from './renderer';
import type { JobObserver } from './worker-observer';

/**
 * Floor of the job lock. A render runs synchronously and blocks lock renewal while it runs; a lock
 * shorter than the longest render (on a loaded machine) would make live jobs look dead and run
 * them twice. Above the floor the lock follows AICR_STALLED_INTERVAL_MS, so that setting says how
 * soon a dead worker's jobs move.
 */
const MIN_LOCK_MS = 5000;
/** How long close() tries while Redis is down. */
const CLOSE_DOWN_BUDGET_MS = 2000;

export interface BundleWorkerOptions extends QueueOptions {
  /** Shows up as the job's `processedBy` and in render results; default `<host>:<pid>:<random>`. */
  name?: string;
  renderer?: Renderer;
  logger?: QueueLogger;
  observer?: JobObserver;
}

export interface BundleWorker {
  readonly name: string;
  /** Finishes the jobs in hand, takes no new one, closes the connections. */
  close(): Promise<void>;
  /** The worker's Redis connection is up (the app's /health, API.md §8.7). */
  connected(): boolean;
  /** Job counts per queue and state, for the `aicr_queue_jobs` gauge. */
  jobCounts(): Promise<Record<string, Record<string, number>>>;
}

export async function startBundleWorker(options: BundleWorkerOptions): Promise<BundleWorker> {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const name = options.name ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const { logger } = options;
  const renderer = options.renderer ?? bundlerRenderer;
  const connection = workerConnection(options.redisUrl, 'aicr-worker', logger);
  const store = new BundleStore(connection);

  const common: WorkerOptions = {
    connection,
    prefix,
    name,
    concurrency: options.concurrency,
    stalledInterval: options.stalledIntervalMs,
    lockDuration: Math.max(options.stalledIntervalMs, MIN_LOCK_MS),
    maxStalledCount: 1,
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
  };
  const workers = [
    new Worker(BUNDLE_QUEUES.render, renderProcessor(renderer, name, options.observer), common),
    new Worker(
      BUNDLE_QUEUES.assemble,
      assembleProcessor({ renderer, store, ttlSeconds: options.bundleTtlSeconds, workerName: name, observer: options.observer }),
      common,
    ),
  ];
  for (const w of workers) {
    w.on('error', (err) => logger?.warn({ err: err.message, queue: w.name }, 'bundle worker error'));
    w.on('failed', (job, err) => {
      if (job) logger?.warn({ queue: w.name, jobId: job.id, requestId: job.data?.requestId, err: err.message }, 'bundle job failed');
    });
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  logger?.info({ worker: name, prefix, concurrency: options.concurrency }, 'bundle worker ready');

  let queues: Queue[] | undefined;
  let closing: Promise<void> | undefined;

  return {
    name,
    connected: () => connection.status === 'ready',
    async jobCounts() {
      queues ??= [BUNDLE_QUEUES.render, BUNDLE_QUEUES.assemble].map((q) => new Queue(q, { connection, prefix }));
      const counts = await Promise.all(
        queues.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'waiting-children', 'failed', 'prioritized')),
      );
      return Object.fromEntries(queues.map((q, i) => [q.name, counts[i]]));
    },
    close() {
      closing ??= (async () => {
        // Worker.close() waits for the jobs in hand and stops fetching. While Redis is down a job
        // in hand cannot finish anyway, and ioredis may never emit the 'end' BullMQ waits for:
        // then close without waiting, bounded.
        const up = connection.status === 'ready';
        const bounded = (p: Promise<void>, ms: number) => within(ms, p, () => new Error('close timed out')).catch(() => undefined);
        await Promise.all(workers.map((w) => (up ? w.close() : bounded(w.close(true), CLOSE_DOWN_BUDGET_MS))));
        await Promise.all((queues ?? []).map((q) => bounded(q.close(), CLOSE_DOWN_BUDGET_MS)));
        await closeConnection(connection);
        logger?.info({ worker: name }, 'bundle worker closed');
      })();
      return closing;
    },
  };
}
