/**
 * Graceful shutdown (API.md §9) of a real gateway process: SIGTERM during a slow in-flight bundle
 * request (queued, no worker yet) → the listener closes at once (new connections refused), the
 * request still completes once a worker renders it, and the process exits 0 within
 * SHUTDOWN_TIMEOUT_SECONDS; past the deadline it exits 1.
 */
import http from 'node:http';
import { Redis } from 'ioredis';
import { eventually, freePort, sharedRedisUrl, startApp, uniquePrefix, type RunningProcess } from '@aicr/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { request, waitForStatus, type RawResponse } from './raw-http';

const procs: RunningProcess[] = [];
const redis = new Redis(sharedRedisUrl());
afterEach(() => {
  for (const p of procs.splice(0)) p.kill();
});
afterAll(async () => {
  await redis.quit();
});

/** A gateway whose bundles wait in the queue until a worker process starts. */
async function startGateway(prefix: string, shutdownSeconds: number): Promise<{ gateway: RunningProcess; port: number; recipe: string }> {
  const port = await freePort();
  const gateway = startApp('gateway', {
    PORT: String(port),
    REDIS_URL: sharedRedisUrl(),
    AICR_REDIS_PREFIX: prefix,
    AICR_EMBEDDED_WORKER: 'false',
    SHUTDOWN_TIMEOUT_SECONDS: String(shutdownSeconds),
  });
  procs.push(gateway);
  await waitForStatus(port, '/ready', 200, 60_000, gateway);
  const recipe = (await request({ port, path: '/v1/recipe?service=eks&accelerator=h100' })).body.toString();
  return { gateway, port, recipe };
}

/**
 * Starts a bundle request on a keep-alive connection and waits until its flow is queued. The
 * response promise comes back wrapped, so awaiting this does not await the response.
 */
async function inFlightBundle(port: number, prefix: string, recipe: string, agent: http.Agent): Promise<{ pending: Promise<RawResponse> }> {
  const pending = request({
    port,
    path: '/v1/bundle?bundlers=cert-manager',
    method: 'POST',
    body: recipe,
    headers: { 'content-type': 'application/json' },
    agent,
  });
  const queued = await eventually(async () => (await redis.zcard(`${prefix}:aicr-bundle:waiting-children`)) === 1, 10_000, 50);
  expect(queued).toBe(true);
  return { pending };
}

describe('SIGTERM with a bundle request in flight', () => {
  it('refuses new connections, completes the request, exits 0 within the timeout', async () => {
    const prefix = uniquePrefix('shutdown');
    const { gateway, port, recipe } = await startGateway(prefix, 20);
    const agent = new http.Agent({ keepAlive: true });
    const { pending } = await inFlightBundle(port, prefix, recipe, agent);

    const signalledAt = Date.now();
    gateway.child.kill('SIGTERM');
    // The listener closes first: a new connection is refused while the request is still open.
    const refused = await eventually(
      () => request({ port, path: '/health' }).then(() => false, (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED'),
      5_000,
      50,
    );
    expect(refused, gateway.output().slice(-2000)).toBe(true);
    expect(gateway.child.exitCode).toBeNull();

    // Only now can the request be served: a worker process appears and renders it.
    const worker = startApp('bundle-worker', { REDIS_URL: sharedRedisUrl(), AICR_REDIS_PREFIX: prefix });
    procs.push(worker);
    const res = await pending;
    expect(res.status, res.body.toString().slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.body.subarray(0, 2).toString()).toBe('PK');

    expect(await gateway.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(20_000);
    agent.destroy();
  });

  it('exits 1 when the in-flight request outlives SHUTDOWN_TIMEOUT_SECONDS', async () => {
    const prefix = uniquePrefix('shutdown-late');
    const { gateway, port, recipe } = await startGateway(prefix, 2);
    const agent = new http.Agent({ keepAlive: true });
    const pending = (await inFlightBundle(port, prefix, recipe, agent)).pending.catch((e: Error) => e);

    const signalledAt = Date.now();
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toBe(1);
    const elapsed = Date.now() - signalledAt;
    expect(elapsed).toBeGreaterThanOrEqual(1_900);
    expect(elapsed).toBeLessThan(10_000);
    // The request never got its zip.
    const outcome = await pending;
    expect(outcome instanceof Error || (outcome as { status: number }).status !== 200).toBe(true);
    agent.destroy();
  });
});
