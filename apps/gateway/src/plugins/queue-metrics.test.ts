/**
 * `aicr_queue_jobs{queue,state}` (API.md §8.8) read from Redis at scrape time: it moves with a
 * real bundle request through the BullMQ flow (no worker → waiting; worker → drained).
 */
import { createQueueBundleRunner, startBundleWorker, type BundleWorker, type QueueOptions } from '@aicr/queue';
import { eventually, sharedRedisUrl, uniquePrefix } from '@aicr/testing';
import type { FastifyInstance } from 'fastify';
import { afterEach, expect, it } from 'vitest';
import { buildObservedApp } from '../test-support/observed-app';
import { sample } from '../test-support/prometheus';

let app: FastifyInstance | undefined;
let worker: BundleWorker | undefined;
let runner: ReturnType<typeof createQueueBundleRunner> | undefined;
afterEach(async () => {
  await app?.close();
  await worker?.close();
  await runner?.close();
  app = worker = runner = undefined;
});

it('queue job counts move with a bundle request, and the bundle histogram records it', async () => {
  const prefix = uniquePrefix('qm');
  const redisUrl = sharedRedisUrl();
  const options: QueueOptions = { redisUrl, prefix, bundleTtlSeconds: 60, maxDepth: 100, stalledIntervalMs: 30_000, concurrency: 4 };
  runner = createQueueBundleRunner(options);
  app = await buildObservedApp({ env: { REDIS_URL: redisUrl, AICR_REDIS_PREFIX: prefix }, bundleRunner: runner });
  const scrape = async () => (await app!.inject({ url: '/metrics' })).body;
  const jobs = (text: string, queue: string, state: string) => sample(text, 'aicr_queue_jobs', { queue, state });

  const before = await scrape();
  for (const queue of ['aicr-bundle', 'aicr-render']) {
    for (const state of ['waiting', 'active', 'delayed', 'waiting-children', 'failed']) expect(jobs(before, queue, state), `${queue} ${state}`).toBe(0);
  }

  const recipe = await app.inject({ url: '/v1/recipe?service=eks&accelerator=h100' });
  const pending = app.inject({
    method: 'POST',
    url: '/v1/bundle?bundlers=cert-manager,gpu-operator',
    payload: recipe.body,
    headers: { 'content-type': 'application/json' },
  });
  // No worker yet: the parent waits for its two children, which wait for a worker.
  expect(await eventually(async () => jobs(await scrape(), 'aicr-render', 'waiting') === 2, 15_000)).toBe(true);
  expect(jobs(await scrape(), 'aicr-bundle', 'waiting-children')).toBe(1);

  worker = await startBundleWorker(options);
  const res = await pending;
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const after = await scrape();
  expect(jobs(after, 'aicr-render', 'waiting')).toBe(0);
  expect(jobs(after, 'aicr-bundle', 'waiting-children')).toBe(0);
  expect(sample(after, 'aicr_bundle_duration_seconds_count', { outcome: 'completed' })).toBe(1);
});
