/**
 * Real worker processes (`node --import tsx apps/bundle-worker/src/main.ts`) against the shared
 * Redis, the gateway-side runner in this process: a worker killed mid-render is replaced by
 * another through BullMQ's stalled-job check; a worker told to stop finishes the job in hand and
 * exits 0.
 */
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assembleBundle, renderComponent } from '@aicr/bundler';
import { BUNDLE_QUEUES, type BundlePlan, type BundleRunner, type RenderJobResult } from '@aicr/contracts';
import { createQueueBundleRunner, queueLeftovers } from '@aicr/queue';
import { RedisServer, freePort, planAround, sharedRedisUrl, startApp, uniquePrefix, waitForLogLine, type ProcessExit, type RunningProcess } from '@aicr/testing';

const url = sharedRedisUrl();

interface WorkerProcess {
  proc: RunningProcess;
  /** The app's own process (node runs main.ts directly, no tsx CLI in between). */
  pid: number;
  /** BullMQ worker name, the jobs' `processedBy`. */
  name: string;
  exit: Promise<ProcessExit>;
}

let prefix: string;
let procs: RunningProcess[] = [];
let closers: (() => Promise<void>)[] = [];

beforeEach(() => {
  prefix = uniquePrefix('worker');
});

afterEach(async () => {
  for (const close of closers.reverse()) await close();
  closers = [];
  // SIGKILL to each worker still running, and wait for it: nothing outlives its test.
  await Promise.all(procs.map((p) => (p.kill(), p.exit)));
  procs = [];
});

/** Starts a worker process and resolves once it says it is ready. */
async function startWorker(extraEnv: Record<string, string> = {}, redisUrl = url): Promise<WorkerProcess> {
  const proc = startApp('bundle-worker', {
    REDIS_URL: redisUrl,
    AICR_REDIS_PREFIX: prefix,
    AICR_STALLED_INTERVAL_MS: '500',
    AICR_WORKER_CONCURRENCY: '1',
    LOG_LEVEL: 'info',
    ...extraEnv,
  });
  procs.push(proc);
  const ready = await waitForLogLine<{ msg?: string; worker?: string }>(proc, (entry) => entry.msg === 'bundle worker ready');
  return { proc, pid: proc.pid, name: ready.worker!, exit: proc.exit };
}

/** A plan whose components take a few hundred ms each to render (big values → big values.yaml). */
function slowPlan(components: number, items: number): BundlePlan {
  const plan: BundlePlan = JSON.parse(JSON.stringify(basePlan(components))) as BundlePlan;
  for (const c of plan.components) {
    c.values = { ...c.values, inventory: Array.from({ length: items }, (_, i) => ({ name: `${c.ref.name}-item-${i}`, value: i, tags: ['a', 'b'] })) };
  }
  return plan;
}

function basePlan(n: number): BundlePlan {
  return planAround(
    Array.from({ length: n }, (_, index) => ({
      ref: { name: `comp-${index}`, type: 'Helm' as const, source: 'https://charts.example.com/stable', chart: `comp-${index}`, version: '1.0.0', namespace: `ns-${index}` },
      values: { replicaCount: index + 1 },
      manifests: [],
      index,
    })),
  );
}

async function expected(plan: BundlePlan) {
  return assembleBundle(plan, plan.components.map((c) => renderComponent(plan, c)));
}

/** Gateway-side runner plus an observer of the render queue, closed after the test. */
async function gateway(): Promise<{ runner: BundleRunner; events: QueueEvents; renderQueue: Queue; redis: Redis }> {
  const runner = createQueueBundleRunner({ redisUrl: url, prefix, bundleTtlSeconds: 60, maxDepth: 10, stalledIntervalMs: 500, concurrency: 1 });
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  // The prefix is new: reading its event stream from the start misses nothing.
  const events = new QueueEvents(BUNDLE_QUEUES.render, { connection: redis, prefix, lastEventId: '0-0' });
  const renderQueue = new Queue(BUNDLE_QUEUES.render, { connection: redis, prefix });
  await events.waitUntilReady();
  closers.push(async () => {
    await runner.close();
    await events.close();
    await renderQueue.close();
    redis.disconnect();
  });
  return { runner, events, renderQueue, redis };
}

async function noLeftovers(redis: Redis): Promise<string[]> {
  let left: string[] = [];
  for (let i = 0; i < 100; i++) {
    left = await queueLeftovers(redis, prefix);
    if (left.length === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return left;
}

describe('bundle-worker processes', () => {
  it('finishes the request with a correct zip when a worker is SIGKILLed mid-render', async () => {
    const plan = slowPlan(6, 4000);
    const want = await expected(plan);
    const workers = await Promise.all([startWorker(), startWorker()]);
    const { runner, events, renderQueue, redis } = await gateway();

    let victim: WorkerProcess | undefined;
    let stalled = 0;
    events.on('stalled', () => stalled++);
    events.on('active', ({ jobId }) => {
      if (victim) return;
      void renderQueue.getJob(jobId).then((job) => {
        const holder = workers.find((w) => w.name === job?.processedBy);
        if (!holder || victim) return;
        victim = holder;
        process.kill(holder.pid, 'SIGKILL');
      });
    });

    // The deadline is the budget: past it, run() would reject with 504.
    const got = await runner.run(plan, { deadline: Date.now() + 45_000, requestId: 'req-kill' });

    expect(victim).toBeDefined();
    expect((await victim!.exit).code).not.toBe(0);
    // The victim's job was taken up by the survivor through the stalled check.
    expect(stalled).toBeGreaterThan(0);
    expect(got.zip.equals(want.zip)).toBe(true);
    expect(got.sha256).toBe(want.sha256);
    expect(await noLeftovers(redis)).toEqual([]);

    const survivor = workers.find((w) => w !== victim)!;
    process.kill(survivor.pid, 'SIGTERM');
    expect((await survivor.exit).code).toBe(0);
  }, 90_000);

  it('exits 0 on SIGTERM after finishing the job in hand; another worker completes the flow', async () => {
    const plan = slowPlan(3, 5000);
    const want = await expected(plan);
    const first = await startWorker();
    const { runner, events, renderQueue, redis } = await gateway();

    const renderedBy: string[] = [];
    events.on('completed', ({ returnvalue }) => renderedBy.push((returnvalue as unknown as RenderJobResult).worker));
    let signalled = false;
    events.on('active', () => {
      if (signalled) return;
      signalled = true;
      // To the node process itself (no tsx CLI, whose signal relay SIGKILLs a child that does
      // not exit within 30 ms — exactly the case of a worker busy rendering; README: run node).
      process.kill(first.pid, 'SIGTERM');
    });
    let stalled = 0;
    events.on('stalled', () => stalled++);

    const result = runner.run(plan, { deadline: Date.now() + 60_000, requestId: 'req-term' });
    result.catch(() => undefined); // awaited below; a failed assertion before must not leave it unhandled

    const exit = await first.exit;
    expect(signalled).toBe(true);
    expect(exit).toEqual({ code: 0, signal: null });
    // Whatever it had taken it finished before it exited: nothing is left active or stalled.
    // (Its completion events may reach this process a moment after its exit.)
    for (let i = 0; i < 50 && renderedBy.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(renderedBy.length).toBeGreaterThan(0);
    expect(new Set(renderedBy)).toEqual(new Set([first.name]));
    const counts = await renderQueue.getJobCounts('active');
    expect(counts.active).toBe(0);
    expect(stalled).toBe(0);

    // The rest of the flow (at least the assembly) waits for a worker.
    const second = await startWorker();
    const got = await result;
    expect(got.zip.equals(want.zip)).toBe(true);
    // Each component rendered exactly once: no job was dropped half-done and run again.
    for (let i = 0; i < 50 && renderedBy.length < plan.components.length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(renderedBy.length).toBe(plan.components.length);
    expect(stalled).toBe(0);
    expect(await noLeftovers(redis)).toEqual([]);

    process.kill(second.pid, 'SIGTERM');
    expect((await second.exit).code).toBe(0);
  }, 90_000);

  it('serves /health and /metrics on AICR_METRICS_PORT', async () => {
    const port = await freePort();
    const w = await startWorker({ AICR_METRICS_PORT: String(port), HOST: '127.0.0.1' });
    const { runner } = await gateway();
    await runner.run(basePlan(2), { deadline: Date.now() + 30_000, requestId: 'req-metrics' });

    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('healthy');
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/aicr_worker_jobs_total\{queue="render",outcome="completed"\} 2/);
    expect(metrics).toMatch(/aicr_worker_jobs_total\{queue="assemble",outcome="completed"\} 1/);
    expect(metrics).toMatch(/aicr_render_duration_seconds_count\{component="comp-0"\} 1/);
    expect(metrics).toMatch(/aicr_queue_jobs\{queue="aicr-render",state="waiting"\} 0/);
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);

    process.kill(w.pid, 'SIGTERM');
    expect((await w.exit).code).toBe(0);
  }, 90_000);

  it('exits 1 with a clear message when REDIS_URL is missing', async () => {
    // startApp never passes the runner's REDIS_URL on.
    const proc = startApp('bundle-worker', {});
    procs.push(proc);
    const code = await proc.exited;
    expect(code).toBe(1);
    expect(proc.stderr()).toContain('REDIS_URL is required');
  }, 60_000);

  it('answers /health 503 while its Redis is down and 200 again once it is back', async () => {
    const server = await RedisServer.start();
    closers.push(() => server.close());
    const port = await freePort();
    const w = await startWorker({ AICR_METRICS_PORT: String(port), HOST: '127.0.0.1' }, server.url);
    const health = async () => (await fetch(`http://127.0.0.1:${port}/health`)).status;
    const until = async (status: number) => {
      for (let i = 0; i < 100 && (await health()) !== status; i++) await new Promise((r) => setTimeout(r, 100));
      return health();
    };

    expect(await health()).toBe(200);
    await server.stop();
    expect(await until(503)).toBe(503);
    await server.startProcess();
    expect(await until(200)).toBe(200);

    process.kill(w.pid, 'SIGTERM');
    expect((await w.exit).code).toBe(0);
  }, 90_000);
});
