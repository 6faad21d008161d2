/**
 * Gateway side of the bundle queue (ARCHITECTURE.md §2): `run(plan)` checks the queue can take the
 * request (503 at once otherwise, API.md §8.6), adds the flow, waits on the shared QueueEvents for
 * the parent's outcome, then takes the zip out of Redis. Past the deadline it answers 504 and
 * withdraws the flow so nothing it created outlives the request.
 */
import { randomUUID } from 'node:crypto';
import { FlowProducer, Queue } from 'bullmq';
import {
  AicrError,
  BUNDLE_QUEUES,
  type AssembleJobResult,
  type BundleArtifact,
  type BundlePlan,
  type BundleRunner,
} from '@aicr/contracts';
import { BundleReader, flowKeys, type FlowKeys } from './bundle-store';
import { CompletionWaiter } from './completion-waiter';
import { bundleFlow } from './flow-producer';
import { bundleTimeout, generationFailed, serviceUnavailable } from './job-errors';
import { DEFAULT_PREFIX, within, type QueueLogger, type QueueOptions } from './options';
import { closeConnection, producerConnection, workerConnection } from './redis-connection';

/** Budget of each Redis step before the flow is queued: beyond it the request gets a retryable 503. */
const ENQUEUE_BUDGET_MS = 2000;
/** The runner's first connect, for a request arriving right after start-up. */
const FIRST_CONNECT_BUDGET_MS = 1000;
const CLOSE_BUDGET_MS = 2000;
/** Parent states that mean "flow waiting": not yet being assembled. */
const WAITING_STATES = ['waiting', 'waiting-children', 'delayed', 'prioritized'] as const;

export interface QueueRunnerOptions extends QueueOptions {
  logger?: QueueLogger;
}

const unreachable = () => serviceUnavailable('Bundle queue unavailable', { error: 'Redis is unreachable' });
// A step past its budget: Redis may be up but this gateway's connection busy (large bundle
// bodies in flight), so the detail says what happened rather than "unreachable".
const tooSlow = () => serviceUnavailable('Bundle queue unavailable', { error: `Redis did not answer within ${ENQUEUE_BUDGET_MS} ms` });

export function createQueueBundleRunner(options: QueueRunnerOptions): BundleRunner {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const { logger } = options;
  const producer = producerConnection(options.redisUrl, logger);
  // Never connects itself: BullMQ duplicates it for QueueEvents' blocking XREAD.
  const eventsTemplate = workerConnection(options.redisUrl, 'aicr-events', logger, { lazyConnect: true });
  const { telemetry } = options;
  const flows = new FlowProducer({ connection: producer, prefix, ...(telemetry ? { telemetry } : {}) });
  const assembleQueue = new Queue(BUNDLE_QUEUES.assemble, { connection: producer, prefix, ...(telemetry ? { telemetry } : {}) });
  const reader = new BundleReader(producer);
  const waiter = new CompletionWaiter(producer, eventsTemplate, prefix, (err) => logger?.warn({ err: err.message }, 'queue events error'));
  const abandoning = new Set<Promise<void>>();
  let closed = false;
  // A connection attempt has failed or an established connection was lost.
  let down = false;
  producer.on('close', () => {
    down = true;
  });
  producer.on('ready', () => {
    down = false;
  });

  /**
   * Fail fast once a connection attempt has failed (a request must not wait for a reconnect);
   * only the very first connect, right after start-up, is worth a short wait.
   */
  async function connected(): Promise<void> {
    if (producer.status === 'ready') return;
    if (down || producer.status === 'end') throw unreachable();
    await within(
      FIRST_CONNECT_BUDGET_MS,
      new Promise<void>((resolve) => producer.once('ready', () => resolve())),
      unreachable,
    );
  }

  // Errors surface through the calls that hit them; these only keep BullMQ from printing them.
  const quiet = (err: Error) => logger?.warn({ err: err.message }, 'bundle queue error');
  flows.on('error', quiet);
  assembleQueue.on('error', quiet);
  // Requests waiting while the connection drops fail now with a retryable 503 rather than hold
  // their client until the deadline for a flow that may be gone with Redis.
  producer.on('close', () => {
    if (waiter.waiting > 0) waiter.failAll(unreachable());
  });

  /**
   * The request is over without its zip (deadline, abort, failed enqueue): mark the flow
   * cancelled and drop its zip (bundle-store.ts), then remove its jobs if none is being worked on;
   * otherwise remove the children not yet started and let the parent see the marker and quit.
   */
  async function abandon(flowId: string, keys: FlowKeys): Promise<void> {
    try {
      await reader.abandon(keys, options.bundleTtlSeconds);
      const job = await assembleQueue.getJob(flowId);
      if (!job) {
        await reader.clearCancel(keys);
        return;
      }
      try {
        await job.remove({ removeChildren: true });
        await reader.clearCancel(keys);
      } catch {
        await job.removeUnprocessedChildren().catch(() => undefined);
      }
    } catch (err) {
      // Redis went away: the zip key and marker expire on their own.
      logger?.warn({ err: (err as Error).message, flowId }, 'could not withdraw an abandoned bundle flow');
    }
  }

  function withdraw(flowId: string, keys: FlowKeys): Promise<void> {
    waiter.forget(flowId);
    const p = abandon(flowId, keys).finally(() => abandoning.delete(p));
    abandoning.add(p);
    return p;
  }

  /** Waits for the outcome until the deadline or the abort signal, whichever comes first. */
  function waitFor(outcome: Promise<AssembleJobResult>, deadline: number, signal?: AbortSignal): Promise<AssembleJobResult> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(() => reject(bundleTimeout())), Math.max(0, deadline - Date.now()));
      const onAbort = () => finish(() => reject(AicrError.is(signal?.reason) ? signal.reason : bundleTimeout()));
      signal?.addEventListener('abort', onAbort, { once: true });
      let done = false;
      function finish(settle: () => void) {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        settle();
      }
      outcome.then(
        (r) => finish(() => resolve(r)),
        (e: unknown) => finish(() => reject(e)),
      );
    });
  }

  return {
    async run(plan: BundlePlan, { deadline, requestId, signal }): Promise<BundleArtifact> {
      if (closed) throw serviceUnavailable('Bundle queue is shutting down');
      if (signal?.aborted) throw AicrError.is(signal.reason) ? signal.reason : bundleTimeout();
      if (Date.now() >= deadline) throw bundleTimeout();
      // Fail fast: no waiting for a reconnect (API.md §8.6, "Redis unreachable → 503 at once").
      await connected();

      let depth: number;
      try {
        await within(ENQUEUE_BUDGET_MS, waiter.start(), tooSlow);
        const counts = await within(ENQUEUE_BUDGET_MS, assembleQueue.getJobCounts(...WAITING_STATES), tooSlow);
        depth = Object.values(counts).reduce((a, b) => a + b, 0);
      } catch (err) {
        throw AicrError.is(err) ? err : unreachable();
      }
      if (depth >= options.maxDepth) {
        throw serviceUnavailable('Bundle queue is full', { depth, limit: options.maxDepth });
      }

      const flowId = randomUUID();
      const keys = flowKeys(prefix, flowId);
      const outcome = waiter.register(flowId);
      try {
        await within(ENQUEUE_BUDGET_MS, flows.add(bundleFlow(plan, flowId, requestId, keys)), tooSlow);
      } catch (err) {
        // The add may still land (it timed out, it did not fail): withdraw it, in the background.
        void withdraw(flowId, keys);
        throw AicrError.is(err) ? err : unreachable();
      }

      let meta: AssembleJobResult;
      try {
        meta = await waitFor(outcome, deadline, signal);
      } catch (err) {
        const e = AicrError.is(err) ? err : generationFailed((err as Error)?.message);
        // Over the deadline or aborted: the flow may still be running; take it back.
        if (e.code === 'TIMEOUT' || signal?.aborted) await withdraw(flowId, keys);
        throw e;
      }

      let zip: Buffer | null;
      try {
        zip = await reader.take(keys);
      } catch {
        throw unreachable();
      }
      if (!zip || !meta.stored) throw generationFailed('the finished bundle was no longer in Redis');
      return { zip, files: meta.files, size: meta.size, sha256: meta.sha256, warnings: meta.warnings };
    },

    async status() {
      if (closed || producer.status !== 'ready') return 'unavailable';
      try {
        await within(1000, producer.ping(), unreachable);
        return 'ok';
      } catch {
        return 'unavailable';
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      waiter.failAll(serviceUnavailable('Bundle queue is shutting down'));
      await Promise.allSettled([...abandoning]);
      // Bounded: with Redis down, ioredis may never emit the 'end' BullMQ's close waits for.
      const bounded = (p: Promise<void>) => within(CLOSE_BUDGET_MS, p, () => new Error('close timed out')).catch(() => undefined);
      await bounded(waiter.close());
      await bounded(flows.close());
      await bounded(assembleQueue.close());
      await closeConnection(producer);
      eventsTemplate.disconnect();
    },
  };
}
