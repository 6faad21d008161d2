import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentile, runPaced, slope } from './load';

// A local server that answers after `?delay=` ms (`/fail`: 503, `/hang`: never) and notes when
// each request arrived. Same process and clock as the generator.
let server: Server;
let base: string;
let arrivals: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    arrivals.push(performance.now());
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/hang') return;
    const status = url.pathname === '/fail' ? 503 : 200;
    setTimeout(() => res.writeHead(status, { 'content-type': 'text/plain' }).end('x'.repeat(2000)), Number(url.searchParams.get('delay') ?? 0));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('runPaced', () => {
  // Bounds are loose on purpose: this runs beside the whole test suite on 2 cores, where a
  // stall of the process can bunch a few sends. What they tell apart is gross: a closed loop or
  // autocannon's per-second bursts put sends hundreds of ms off the grid.
  it('keeps 100 req/s evenly spaced while every answer takes 5 intervals, and counts the delay', async () => {
    const DELAY_MS = 50; // 5× the 10 ms between sends: waiting for answers could not keep this pace
    arrivals = [];
    const r = await runPaced({ url: `${base}/ok?delay=${DELAY_MS}`, rate: 100, durationSec: 1.5, connections: 10 });

    expect(r).toMatchObject({ scheduled: 150, sent: 150, requests: 150, non2xx: 0, errors: 0 });
    expect(Math.abs(r.achievedRate / 100 - 1)).toBeLessThan(0.05);
    expect(r.rps).toBeCloseTo(100, 5);

    // Open loop, seen from the server: arrivals on a 10 ms grid (no drift), not in bunches as
    // sockets free up. Offsets from the grid, anchored on the median so one late request can't shift it.
    arrivals.shift(); // the untimed priming request
    expect(arrivals).toHaveLength(150);
    expect(Math.abs(1000 / slope(arrivals) / 100 - 1)).toBeLessThan(0.05);
    const anchor = percentile([...arrivals.map((t, i) => t - i * 10)].sort((a, b) => a - b), 50);
    const offsets = arrivals.map((t, i) => Math.abs(t - i * 10 - anchor)).sort((a, b) => a - b);
    expect(percentile(offsets, 90)).toBeLessThan(20);

    // Latency runs from the scheduled instant to the end of the body: it includes the server's delay.
    // (Less 2 ms: the server's setTimeout counts from libuv's cached loop time, so it can fire early.)
    expect(r.p50).toBeGreaterThanOrEqual(DELAY_MS - 2);
    expect(r.p50).toBeLessThan(DELAY_MS + 40);
    expect(r.lagP50).toBeLessThan(5);
  });

  it('counts the wait for a socket: one socket, answers slower than the pace', async () => {
    arrivals = [];
    // One socket at 20 ms per answer serves 50/s; at 100/s the later requests queue in the client.
    // The sends stay on schedule and the queueing shows in the latencies (coordinated omission).
    const r = await runPaced({ url: `${base}/ok?delay=20`, rate: 100, durationSec: 0.2, connections: 1 });
    expect(r).toMatchObject({ scheduled: 20, sent: 20, requests: 20, errors: 0 });
    // Sent on time although the socket was busy (a closed loop would send request 19 ~200 ms late).
    expect(r.lagP50).toBeLessThan(10);
    // Request 19 is due at 190 ms and cannot be answered before 20 × 20 = 400 ms.
    expect(r.p99).toBeGreaterThan(180);
    expect(arrivals).toHaveLength(21);
  });

  it('counts non-2xx answers and timeouts, and keeps them out of the latencies', async () => {
    const failing = await runPaced({ url: `${base}/fail`, rate: 100, durationSec: 0.1, connections: 5 });
    expect(failing).toMatchObject({ scheduled: 10, sent: 10, requests: 0, non2xx: 10, errors: 0 });
    expect(failing.p50).toBeNaN();

    const started = performance.now();
    const hanging = await runPaced({ url: `${base}/hang`, rate: 100, durationSec: 0.05, connections: 5, timeoutMs: 100 });
    expect(hanging).toMatchObject({ scheduled: 5, sent: 5, requests: 0, errors: 5 });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
