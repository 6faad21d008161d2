import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assembleBundle, renderComponent } from '@aicr/bundler';
import { AicrError, type BundleRunner } from '@aicr/contracts';
import { aicrError, eventually, sharedRedisUrl, uniquePrefix } from '@aicr/testing';
import { createJobCounter } from './job-counts';
import { queueLeftovers } from './leftovers';
import type { QueueOptions } from './options';
import { createQueueBundleRunner } from './queue-runner';
import { bundlerRenderer } from './renderer';
import { counting, fakeRenderer, handPlan, inspector, planWithOverrides, planWithTemplate } from './test-support';
import { startBundleWorker, type BundleWorker, type BundleWorkerOptions } from './worker';

const url = sharedRedisUrl();
let prefix: string;
let redis: Redis;
let closers: (() => Promise<void>)[] = [];

beforeEach(() => {
  prefix = uniquePrefix('queue');
  redis = inspector(url);
});

afterEach(async () => {
  for (const close of closers.reverse()) await close();
  closers = [];
  redis.disconnect();
});

const options = (over: Partial<QueueOptions> = {}): QueueOptions => ({
  redisUrl: url,
  prefix,
  bundleTtlSeconds: 30,
  maxDepth: 10,
  stalledIntervalMs: 1000,
  concurrency: 2,
  ...over,
});

async function worker(over: Partial<BundleWorkerOptions> = {}): Promise<BundleWorker> {
  const w = await startBundleWorker({ ...options(), ...over });
  closers.push(() => w.close());
  return w;
}

function runner(over: Partial<QueueOptions> = {}): BundleRunner {
  const r = createQueueBundleRunner(options(over));
  closers.push(() => r.close());
  return r;
}

const inMs = (ms: number) => Date.now() + ms;

/** No jobs in any state, no zip or cancel keys: only BullMQ's per-queue bookkeeping remains. */
async function expectNoLeftovers(waitMs = 10_000): Promise<void> {
  let left: string[] = [];
  await eventually(async () => (left = await queueLeftovers(redis, prefix)).length === 0, waitMs);
  expect(left).toEqual([]);
}

describe('queue bundle runner', () => {
  it('builds the zip through the flow, byte for byte what the in-process renderers build', async () => {
    const plan = handPlan(3);
    const expected = await assembleBundle(plan, plan.components.map((c) => renderComponent(plan, c)));
    await worker();
    const r = runner();

    const got = await r.run(plan, { deadline: inMs(20_000), requestId: 'req-1' });

    expect(got.zip.equals(expected.zip)).toBe(true);
    expect({ files: got.files, size: got.size, sha256: got.sha256, warnings: got.warnings }).toEqual({
      files: expected.files,
      size: expected.size,
      sha256: expected.sha256,
      warnings: ['test warning'],
    });
    expect(await r.status()).toBe('ok');
    await expectNoLeftovers();
  });

  it('builds the same bytes when components carry inline overrides (kept out of the other jobs)', async () => {
    const plan = planWithOverrides(4, 50_000);
    const expected = await assembleBundle(plan, plan.components.map((c) => renderComponent(plan, c)));
    await worker();
    const got = await runner().run(plan, { deadline: inMs(20_000), requestId: 'req-overrides' });
    expect(got.zip.equals(expected.zip)).toBe(true);
    await expectNoLeftovers();
  });

  it('renders the children in parallel on several workers', async () => {
    const plan = handPlan(4, Object.fromEntries(['comp-0', 'comp-1', 'comp-2', 'comp-3'].map((n) => [n, { delayMs: 400 }])));
    const a = fakeRenderer();
    const b = fakeRenderer();
    await worker({ renderer: a, concurrency: 1, name: 'worker-a' });
    await worker({ renderer: b, concurrency: 1, name: 'worker-b' });
    const started = Date.now();

    const got = await runner().run(plan, { deadline: inMs(20_000), requestId: 'req-par' });

    const elapsed = Date.now() - started;
    expect(JSON.parse(got.zip.toString()).map((f: { path: string }) => f.path)).toEqual(plan.components.map((c) => `${c.ref.name}/values.yaml`));
    // Both workers rendered, four renders in all, in about half the sequential time.
    expect(a.attempts.size).toBeGreaterThan(0);
    expect(b.attempts.size).toBeGreaterThan(0);
    expect(a.attempts.size + b.attempts.size).toBe(4);
    expect(elapsed).toBeLessThan(4 * 400);
    await expectNoLeftovers();
  });

  it('answers a typed render failure with the same AicrError, without retrying it', async () => {
    const plan = handPlan(3, { 'comp-1': { fail: 'typed' } });
    const renderer = fakeRenderer();
    await worker({ renderer });

    const err = await aicrError(runner().run(plan, { deadline: inMs(20_000), requestId: 'req-400' }));

    expect(err.toJSON()).toEqual({
      code: 'INVALID_REQUEST',
      message: 'Invalid request body',
      details: { error: 'component comp-1: manifests/settings.yaml: boom' },
      status: 400,
      headers: {},
    });
    expect(renderer.attempts.get('comp-1')).toBe(1);
    await expectNoLeftovers();
  });

  it.each([
    ['execution failure → 400', '{{ index 5 1 }}', 400],
    ['parse failure → 500', '{{ if }}', 500],
  ])('answers a template %s exactly as the in-process renderer does, without retrying it', async (_label, template, status) => {
    const plan = planWithTemplate(3, template);
    const inProcess = (() => {
      try {
        renderComponent(plan, plan.components[1]);
      } catch (e) {
        return e as AicrError;
      }
      throw new Error('the template was expected to fail');
    })();
    const renderer = counting(bundlerRenderer);
    await worker({ renderer });

    const err = await aicrError(runner().run(plan, { deadline: inMs(20_000), requestId: `req-${status}` }));

    expect(inProcess.status).toBe(status);
    expect(err.toJSON()).toEqual(inProcess.toJSON());
    expect(renderer.attempts.get('comp-1')).toBe(1);
    await expectNoLeftovers();
  });

  it('retries an unexpected failure a few times, then answers 500 Failed to generate bundle', async () => {
    const plan = handPlan(2, { 'comp-0': { fail: 'crash' } });
    const renderer = fakeRenderer();
    await worker({ renderer });

    const err = await aicrError(runner().run(plan, { deadline: inMs(20_000), requestId: 'req-500' }));

    expect(err.status).toBe(500);
    expect(err.code).toBe('INTERNAL_ERROR');
    expect(err.message).toBe('Failed to generate bundle');
    expect(err.retryable).toBe(true);
    expect(renderer.attempts.get('comp-0')).toBe(3);
    await expectNoLeftovers();
  });

  it('answers 504 past the deadline and withdraws a flow nobody has started', async () => {
    const r = runner(); // no worker at all
    const started = Date.now();

    const err = await aicrError(r.run(handPlan(3), { deadline: inMs(300), requestId: 'req-504' }));

    expect(err.status).toBe(504);
    expect(err.code).toBe('TIMEOUT');
    expect(err.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(1500);
    // Withdrawn before run() returned: nothing to wait for.
    expect(await queueLeftovers(redis, prefix)).toEqual([]);
  });

  it('answers 504 past the deadline while rendering; the flow then drains and stores nothing', async () => {
    const plan = handPlan(3, { 'comp-0': { delayMs: 1500 }, 'comp-1': { delayMs: 1500 }, 'comp-2': { delayMs: 1500 } });
    const renderer = fakeRenderer();
    await worker({ renderer, concurrency: 2 });

    const err = await aicrError(runner().run(plan, { deadline: inMs(600), requestId: 'req-504b' }));

    expect(err.code).toBe('TIMEOUT');
    // The two renders in hand finish; the third, not started, was removed with the request.
    await expectNoLeftovers();
    expect(renderer.attempts.size).toBe(2);
  });

  it('answers 504 past the deadline while assembling; the late zip is never stored', async () => {
    const base = fakeRenderer();
    let assembled = 0;
    const renderer = {
      ...base,
      async assembleBundle(...args: Parameters<typeof base.assembleBundle>) {
        await new Promise((r) => setTimeout(r, 1500));
        assembled++;
        return base.assembleBundle(...args);
      },
    };
    await worker({ renderer });

    const err = await aicrError(runner().run(handPlan(2), { deadline: inMs(700), requestId: 'req-504c' }));

    expect(err.code).toBe('TIMEOUT');
    // The assembly in hand finishes after the request gave up (the gateway's cancel came first);
    // its zip is refused — a stored one would outlive this test by its 30 s TTL — and the cancel
    // marker consumed, so nothing is left.
    expect(await eventually(async () => assembled === 1)).toBe(true);
    await expectNoLeftovers();
  });

  it('answers a typed assemble failure (413 Bundle too large) with the same error, without retrying it', async () => {
    const base = fakeRenderer();
    let attempts = 0;
    const tooLarge = new AicrError('INVALID_REQUEST', 'Bundle too large', { limit: 20971520 }, { status: 413 });
    await worker({
      renderer: {
        ...base,
        async assembleBundle() {
          attempts++;
          throw tooLarge;
        },
      },
    });

    const err = await aicrError(runner().run(handPlan(2), { deadline: inMs(20_000), requestId: 'req-413' }));

    expect(err.toJSON()).toEqual(tooLarge.toJSON());
    expect(attempts).toBe(1);
    await expectNoLeftovers();
  });

  it('answers 503 with Retry-After at once when maxDepth flows are already waiting', async () => {
    const r = runner({ maxDepth: 2 }); // no worker: flows stay waiting
    const waiting = [1, 2].map((i) => r.run(handPlan(2), { deadline: inMs(1500), requestId: `req-w${i}` }).catch((e: unknown) => e));
    expect(await eventually(async () => (await redis.zcard(`${prefix}:aicr-bundle:waiting-children`)) === 2)).toBe(true);
    // The leftover scan does see waiting flows (and is empty at the end only because they went).
    expect(await queueLeftovers(redis, prefix)).toContain(`${prefix}:aicr-bundle:waiting-children`);
    const started = Date.now();

    const err = await aicrError(r.run(handPlan(2), { deadline: inMs(20_000), requestId: 'req-full' }));

    expect(Date.now() - started).toBeLessThan(500);
    expect(err.status).toBe(503);
    expect(err.code).toBe('SERVICE_UNAVAILABLE');
    expect(err.headers['Retry-After']).toBe('1');
    expect(err.details).toEqual({ depth: 2, limit: 2 });
    const counter = createJobCounter({ redisUrl: url, prefix });
    try {
      const counts = await counter.counts();
      expect(counts['aicr-bundle']['waiting-children']).toBe(2);
      expect(counts['aicr-render'].waiting).toBe(4);
    } finally {
      await counter.close();
    }
    // The two waiting requests time out and take their flows with them.
    for (const e of await Promise.all(waiting)) expect((e as AicrError).code).toBe('TIMEOUT');
    await expectNoLeftovers();
  });

  it('honours an abort signal like the deadline', async () => {
    const r = runner();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);

    const err = await aicrError(r.run(handPlan(1), { deadline: inMs(20_000), requestId: 'req-abort', signal: controller.signal }));

    expect(err.code).toBe('TIMEOUT');
    expect(await queueLeftovers(redis, prefix)).toEqual([]);
  });
});
