/**
 * Fault: clients that request a large bundle and then stop reading the zip. The gateway process
 * (queue mode, one worker process, shared Redis with a unique prefix) must not buffer without
 * bound or stall: other clients get recipes and small bundles promptly meanwhile, its RSS stays
 * bounded, and once the slow clients read again they get the complete, correct zip.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { sharedRedisUrl, uniquePrefix } from '@aicr/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from './raw-http';
import { classify, FaultLedger, postBundle, rssBytes, sleep, startGateway, startWorker, type Gateway, type WorkerProcess } from './fault-support';

const SLOW_CLIENTS = 6;
const MiB = 1_048_576;
const prefix = uniquePrefix('fault-slow');
const env = { REDIS_URL: sharedRedisUrl(), AICR_REDIS_PREFIX: prefix };

let gateway: Gateway;
let worker: WorkerProcess;

beforeAll(async () => {
  worker = await startWorker(env);
  gateway = await startGateway({ ...env, AICR_EMBEDDED_WORKER: 'false' });
});
afterAll(() => {
  gateway?.proc.kill();
  worker?.proc.kill();
});

/** ~6 MiB of incompressible override text: a zip of several MiB (values.yaml and recipe.yaml). */
function largeBody(): string {
  const blob: Record<string, string> = {};
  for (let i = 0; i < 48; i++) blob[`k${i}`] = randomBytes(96 * 1024).toString('base64');
  return JSON.stringify({ componentRefs: [{ name: 'gpu-operator', overrides: { blob } }] });
}

interface Stalled {
  headers: http.IncomingHttpHeaders;
  status: number;
  /** Resumes reading and resolves with the whole body. */
  drain(): Promise<Buffer>;
}

/** Sends the request, waits for the status line, then stops reading (TCP backpressure). */
function stalledRequest(port: number, body: string): Promise<Stalled> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/v1/bundle', method: 'POST', headers: { 'content-type': 'application/json' }, agent: false }, (res) => {
      res.pause();
      resolve({
        headers: res.headers,
        status: res.statusCode ?? 0,
        drain: () =>
          new Promise((done, fail) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => done(Buffer.concat(chunks)));
            res.on('error', fail);
            res.resume();
          }),
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('fault: slow readers of a large zip', () => {
  it('do not blow up memory or slow down other clients, and get the complete zip later', async () => {
    const body = largeBody();
    const gatewayPid = gateway.proc.pid;
    // Warm-up: one large bundle read normally (JIT, caches, connections), then the baseline.
    const warm = await request({ port: gateway.port, path: '/v1/bundle', method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(warm.status).toBe(200);
    const zipBytes = warm.body.length;
    const baseline = rssBytes(gatewayPid);

    const ledger = new FaultLedger('slow-reader');
    // One after another: this test is about stalled readers, not about many large flows at once
    // (docs/security.md, open points). Once its status line is in, a zip is out of Redis and only
    // the stalled socket holds it.
    const stalled: Stalled[] = [];
    for (let i = 0; i < SLOW_CLIENTS; i++) stalled.push(await stalledRequest(gateway.port, body));
    let peak = rssBytes(gatewayPid);

    // Other clients meanwhile: recipes and small bundles, each promptly.
    const fast: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = Date.now();
      const path = i % 4 === 3 ? null : `/v1/recipe?service=eks&nodes=${i + 1}`;
      await classify(ledger, path ? () => request({ port: gateway.port, path }) : postBundle(gateway.port, JSON.stringify({ componentRefs: [{ name: 'cert-manager' }] })), 10_000);
      fast.push(Date.now() - t0);
      peak = Math.max(peak, rssBytes(gatewayPid));
      await sleep(50);
    }

    // Now the slow clients read: every zip complete and matching its digest.
    for (const s of stalled) {
      await classify(ledger, async () => {
        const zip = await s.drain();
        return { status: s.status, headers: s.headers, body: zip };
      }, 30_000, (r) => {
        if (r.headers['content-type'] !== 'application/zip') throw new Error('not a zip');
        if (Number(r.headers['content-length']) !== r.body.length) throw new Error(`short read: ${r.body.length} of ${r.headers['content-length']}`);
        if (createHash('sha256').update(r.body).digest('hex') !== r.headers['x-bundle-sha256']) throw new Error('digest mismatch');
      });
    }
    peak = Math.max(peak, rssBytes(gatewayPid));

    ledger.line();
    if (ledger.count('succeeded') !== 20 + SLOW_CLIENTS) console.log(gateway.proc.output().split('\n').filter((l) => !l.includes('Bundle queue unavailable')).join('\n').slice(-3000));
    console.log(`  zip ${(zipBytes / MiB).toFixed(1)} MiB × ${SLOW_CLIENTS} stalled readers; gateway RSS ${(baseline / MiB).toFixed(0)} → peak ${(peak / MiB).toFixed(0)} MiB; other clients' slowest answer ${Math.max(...fast)} ms`);

    expect(zipBytes).toBeGreaterThan(4 * MiB);
    expect(ledger.count('lost')).toBe(0);
    expect(ledger.count('failed')).toBe(0);
    expect(ledger.count('succeeded')).toBe(20 + SLOW_CLIENTS);
    expect(Math.max(...fast)).toBeLessThan(2_000);
    // Bounded: at most a few copies of each pending zip (request body, zip, socket buffer), not more.
    expect(peak - baseline).toBeLessThan(SLOW_CLIENTS * (zipBytes + body.length) * 3 + 100 * MiB);
    expect(gateway.proc.child.exitCode).toBeNull();
  }, 120_000);
});
