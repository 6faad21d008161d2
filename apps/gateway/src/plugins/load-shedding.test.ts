/** Load shedding (§3.1 SERVICE_UNAVAILABLE): a saturated event loop → 503 envelope + Retry-After. */
import type { FastifyInstance } from 'fastify';
import { afterEach, expect, it } from 'vitest';
import { expectEnvelope } from '../test-support/app-fixture';
import { buildObservedApp } from '../test-support/observed-app';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function blockEventLoop(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // busy: what a CPU-bound burst does to the loop
  }
}

/** Polls GET / until it is served (start-up work itself delays the loop past a 50 ms limit). */
async function untilServed(): Promise<number> {
  let status = 0;
  for (let i = 0; i < 150 && status !== 200; i++) {
    await new Promise((r) => setTimeout(r, 20));
    status = (await app!.inject({ url: '/' })).statusCode;
  }
  return status;
}

it('sheds API requests with 503 while the loop is saturated; probes and metrics still answer; recovers', async () => {
  app = await buildObservedApp({ loadShedding: { maxEventLoopDelayMs: 50, sampleIntervalMs: 100 } });
  expect(await untilServed()).toBe(200);

  // under-pressure compares the *mean* loop delay of the last sample window (up to ~10 samples
  // of 10 ms each) with the limit: a block must outweigh them all, also on a busy CI machine.
  blockEventLoop(1000);
  // under-pressure's sampling timer, overdue during the block, runs first and records the delay.
  await new Promise((r) => setTimeout(r, 1));
  const shed = await app.inject({ url: '/v1/recipe' });
  const body = expectEnvelope(shed, 503, 'SERVICE_UNAVAILABLE', 'Service overloaded', 'any');
  expect(body.retryable).toBe(true);
  expect(shed.headers['retry-after']).toBe('1');
  // Still in the API chain: rate-limit headers and X-API-Version as on every chain response.
  expect(shed.headers['x-ratelimit-limit']).toBe('100');
  expect(shed.headers['x-api-version']).toBe('v1');
  expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
  expect((await app.inject({ url: '/metrics' })).statusCode).toBe(200);

  // Once the loop breathes again, requests are served.
  expect(await untilServed()).toBe(200);
});
