/**
 * Rate limiting shared through Redis (API.md §4 [extension]): two gateway processes on one Redis
 * limit one client IP as one bucket however its requests are split, while a second client IP
 * (a socket bound to 127.0.0.2) has its own. Low limits (1/s, burst 10) so timing cannot blur it.
 */
import { freePort, sharedRedisUrl, uniquePrefix, startApp, type RunningProcess } from '@aicr/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, waitForStatus, type RawResponse } from './raw-http';

const RATE = 1;
const BURST = 10;

describe('two gateways, one Redis: one bucket per client IP', () => {
  const gateways: RunningProcess[] = [];
  const ports: number[] = [];
  const prefix = uniquePrefix('rl-sys');

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      ports.push(port);
      gateways.push(
        startApp('gateway', {
          PORT: String(port),
          REDIS_URL: sharedRedisUrl(),
          AICR_REDIS_PREFIX: prefix,
          AICR_RATE_LIMIT: String(RATE),
          AICR_RATE_LIMIT_BURST: String(BURST),
          AICR_EMBEDDED_WORKER: 'false',
        }),
      );
    }
    // /ready is outside the chain: waiting on it spends no tokens.
    await Promise.all(ports.map((port, i) => waitForStatus(port, '/ready', 200, 60_000, gateways[i])));
  });
  afterAll(() => {
    for (const g of gateways) g.kill();
  });

  it('a burst split across both gateways is limited as one client; another IP is unaffected', async () => {
    const responses: RawResponse[] = [];
    const sentAt = Math.floor(Date.now() / 1000);
    // Sequential and alternating: every second request goes to the other process.
    for (let i = 0; i < 3 * BURST; i++) responses.push(await request({ port: ports[i % 2], path: '/' }));
    const ok = responses.filter((r) => r.status === 200);
    const limited = responses.filter((r) => r.status === 429);
    expect(ok.length + limited.length).toBe(responses.length);
    // Exactly the burst, give or take the refill of 1/s during the burst.
    expect(ok.length).toBeGreaterThanOrEqual(BURST - 2);
    expect(ok.length).toBeLessThanOrEqual(BURST + 2);
    // Both gateways spent tokens of that one bucket (two buckets would have let 2 × BURST through).
    const okOn = (g: number) => responses.filter((r, i) => i % 2 === g && r.status === 200).length;
    expect(okOn(0)).toBeGreaterThan(0);
    expect(okOn(1)).toBeGreaterThan(0);

    // Headers: the rate as the limit, floor(tokens) left, reset = now + 1.
    expect(responses[0].headers['x-ratelimit-limit']).toBe(String(RATE));
    expect(responses[0].headers['x-ratelimit-remaining']).toBe(String(BURST - 1));
    expect(responses[1].headers['x-ratelimit-remaining']).toBe(String(BURST - 2));
    for (const r of responses) {
      const reset = Number(r.headers['x-ratelimit-reset']);
      expect(reset).toBeGreaterThanOrEqual(sentAt + 1);
      expect(reset).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 1);
    }
    const rejected = limited[0];
    expect(rejected.headers['retry-after']).toBe('1');
    expect(rejected.headers['x-ratelimit-remaining']).toBe('0');
    expect(rejected.headers['x-ratelimit-limit']).toBe(String(RATE));
    const body = JSON.parse(rejected.body.toString());
    expect(body).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded', details: { limit: RATE, burst: BURST }, retryable: true });
    expect(body.requestId).toBe(rejected.headers['x-request-id']);

    // A second client IP, right after, on either gateway: a full bucket of its own.
    const other = await request({ port: ports[1], path: '/', localAddress: '127.0.0.2' });
    expect(other.status).toBe(200);
    expect(other.headers['x-ratelimit-remaining']).toBe(String(BURST - 1));
    const otherAgain = await request({ port: ports[0], path: '/v1/recipe', localAddress: '127.0.0.2' });
    expect(otherAgain.status).toBe(200);
    expect(otherAgain.headers['x-ratelimit-remaining']).toBe(String(BURST - 2));
    // And the first client is still limited on both.
    expect((await request({ port: ports[0], path: '/' })).status).toBe(429);

    // Each gateway counted its own 429s (§8.8); together they are every rejection.
    let rejects = 0;
    for (const port of ports) {
      const text = (await request({ port, path: '/metrics' })).body.toString();
      const m = /^aicr_rate_limit_rejects_total (\d+)$/m.exec(text);
      expect(m, text.slice(0, 500)).not.toBeNull();
      rejects += Number(m![1]);
    }
    expect(rejects).toBe(limited.length + 1);
  });
});
