import { afterEach, beforeEach, expect, it } from 'vitest';
import { AicrError, type BundleRunner } from '@aicr/contracts';
import { RedisServer, eventually, uniquePrefix } from '@aicr/testing';
import { queueLeftovers } from './leftovers';
import type { QueueOptions } from './options';
import { createQueueBundleRunner } from './queue-runner';
import { fakeRenderer, handPlan, inspector } from './test-support';
import { startBundleWorker, type BundleWorker } from './worker';

// A private Redis: these tests stop and restart it.
let server: RedisServer;
let opts: QueueOptions;
let runner: BundleRunner | undefined;
let worker: BundleWorker | undefined;

beforeEach(async () => {
  server = await RedisServer.start();
  opts = { redisUrl: server.url, prefix: uniquePrefix('outage'), bundleTtlSeconds: 30, maxDepth: 10, stalledIntervalMs: 500, concurrency: 2 };
});

afterEach(async () => {
  await runner?.close();
  await worker?.close();
  runner = worker = undefined;
  await server.close();
});

const request = (id: string) => ({ deadline: Date.now() + 15_000, requestId: id });

async function unavailable(r: BundleRunner): Promise<{ err: AicrError; ms: number }> {
  const started = Date.now();
  const err = await r.run(handPlan(2), request('down')).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AicrError);
  return { err: err as AicrError, ms: Date.now() - started };
}

it('answers 503 at once while Redis is down and works again, same runner and worker, once it is back', async () => {
  worker = await startBundleWorker({ ...opts, renderer: fakeRenderer() });
  runner = createQueueBundleRunner(opts);
  expect((await runner.run(handPlan(2), request('before'))).files).toBe(2);
  expect(await runner.status()).toBe('ok');

  await server.stop();
  expect(await eventually(async () => (await runner!.status()) === 'unavailable', 3000)).toBe(true);
  const { err, ms } = await unavailable(runner);
  expect(ms).toBeLessThan(1000);
  expect(err.status).toBe(503);
  expect(err.code).toBe('SERVICE_UNAVAILABLE');
  expect(err.headers['Retry-After']).toBe('1');
  // Still fast the second time (nothing queued up behind the first attempt).
  expect((await unavailable(runner)).ms).toBeLessThan(1000);

  await server.startProcess();
  expect(await eventually(async () => (await runner!.status()) === 'ok', 10_000)).toBe(true);
  const again = await runner.run(handPlan(3), request('after'));
  expect(again.files).toBe(3);
  const redis = inspector(server.url);
  try {
    expect(await eventually(async () => (await queueLeftovers(redis, opts.prefix!)).length === 0, 5000)).toBe(true);
  } finally {
    redis.disconnect();
  }
});

it('answers 503 at once when Redis is down from the start, and serves once it comes up', async () => {
  await server.stop();
  runner = createQueueBundleRunner(opts);
  // The very first request may wait for the first connect attempt, never longer than a second.
  const { err, ms } = await unavailable(runner);
  expect(err.status).toBe(503);
  expect(ms).toBeLessThan(1100);
  expect((await unavailable(runner)).ms).toBeLessThan(1000);
  expect(await runner.status()).toBe('unavailable');

  await server.startProcess();
  worker = await startBundleWorker({ ...opts, renderer: fakeRenderer() });
  expect(await eventually(async () => (await runner!.status()) === 'ok', 10_000)).toBe(true);
  expect((await runner.run(handPlan(2), request('up'))).files).toBe(2);
});

it('fails a request in flight with a retryable 503 when the connection drops', async () => {
  runner = createQueueBundleRunner(opts); // no worker: the request waits
  const pending = runner.run(handPlan(2), request('in-flight')).then(
    () => undefined,
    (e: unknown) => e as AicrError,
  );
  const redis = inspector(server.url);
  try {
    expect(await eventually(async () => (await redis.zcard(`${opts.prefix}:aicr-bundle:waiting-children`)) === 1)).toBe(true);
  } finally {
    redis.disconnect();
  }
  const started = Date.now();
  await server.stop();
  const err = await pending;
  expect(Date.now() - started).toBeLessThan(1000);
  expect(err?.code).toBe('SERVICE_UNAVAILABLE');
  expect(err?.retryable).toBe(true);
});

it('says Redis was too slow, not unreachable, when it answers past the enqueue budget; serves once it is back', async () => {
  worker = await startBundleWorker({ ...opts, renderer: fakeRenderer() });
  runner = createQueueBundleRunner(opts);
  expect((await runner.run(handPlan(2), request('before'))).files).toBe(2);

  // Redis up and connected, but busy for 3 s (what a backlog of huge bodies looks like to a request).
  const redis = inspector(server.url);
  try {
    // A script blocks the server (DEBUG SLEEP would need enable-debug-command).
    const spin = "local t0 = redis.call('TIME') while true do local t = redis.call('TIME') if (t[1] - t0[1]) * 1000000 + (t[2] - t0[2]) > 3000000 then return 1 end end";
    const busy = redis.eval(spin, 0).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    const { err, ms } = await unavailable(runner);
    expect(err.status).toBe(503);
    expect(err.details).toEqual({ error: 'Redis did not answer within 2000 ms' });
    expect(ms).toBeGreaterThanOrEqual(1900);
    expect(ms).toBeLessThan(3000);
    await busy;
  } finally {
    redis.disconnect();
  }
  expect((await runner.run(handPlan(3), request('after'))).files).toBe(3);
});
