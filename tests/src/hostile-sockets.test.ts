/**
 * Hostile inputs that only exist on a real socket (API.md §12 H1 without Content-Length, H2,
 * H29 with raw bytes, H30): the gateway built exactly as main.ts builds it (same fastify and
 * `http` server options) listening on loopback, driven by raw TCP writes. The slow-client rows
 * run concurrently in one test and are as short as the 5 s / 10 s limits allow.
 */
import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS, TIMEOUTS } from '@aicr/contracts';
import { hostileApp, Ledger, pollutionFindings } from './hostile-support';

const ledger = new Ledger('hostile inputs (raw sockets): H1 chunked, H2, H29, H30');
let app: FastifyInstance;
let port: number;

interface RawResult {
  /** Everything the server wrote before closing (or before we gave up). */
  text: string;
  status: number;
  /** ms from connect until the server closed the connection (or -1). */
  closedAfterMs: number;
}

/**
 * Opens a connection, lets `drive` write to it, and collects the reply until the server closes
 * the connection or `maxMs` passes.
 */
function raw(drive: (s: Socket, answered: () => boolean) => void | Promise<void>, maxMs = 20_000): Promise<RawResult> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const s = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ text, status: m ? Number(m[1]) : 0, closedAfterMs: closed ? Date.now() - t0 : -1 });
    };
    const timer = setTimeout(() => finish(false), maxMs);
    s.on('data', (c) => chunks.push(c));
    s.on('close', () => finish(true));
    s.on('error', () => finish(true));
    s.on('connect', () => void Promise.resolve(drive(s, () => chunks.length > 0)).catch(() => undefined));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Writes unless the server already closed the socket. */
const put = (s: Socket, data: string | Buffer) => {
  if (!s.destroyed && s.writable) s.write(data);
};
const bodyOf = (r: RawResult) => {
  const i = r.text.indexOf('\r\n\r\n');
  try {
    return JSON.parse(r.text.slice(i + 4)) as Record<string, unknown>;
  } catch {
    return {};
  }
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function expectEnvelope(r: RawResult, status: number, message: string): void {
  expect(r.status, r.text.slice(0, 300)).toBe(status);
  const body = bodyOf(r);
  expect(body).toMatchObject({ code: 'INVALID_REQUEST', message, retryable: false });
  expect(String(body.requestId)).toMatch(UUID);
}

/** Records the row in the ledger whether or not the assertions hold. */
async function row(id: string, name: string, expected: number, run: () => Promise<RawResult>, asserts: (r: RawResult) => void): Promise<RawResult> {
  const r = await run();
  let ok = false;
  try {
    asserts(r);
    ok = true;
  } finally {
    ledger.record({ row: id, name, expected, status: r.status, ok });
  }
  return r;
}

/** A GET through fetch, timed: other clients must not feel the hostile ones. */
async function timedGet(path: string): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5_000) });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t0 };
}

beforeAll(async () => {
  app = await hostileApp();
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as { port: number }).port;
});
afterAll(() => app?.close());

describe('H1: bodies over the limit without Content-Length (chunked), and lying lengths', () => {
  const chunked = (path: string, total: number) => async (s: Socket, answered: () => boolean) => {
    put(s, `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 'a');
    // Up to `total` bytes in 64 KiB chunks; stops as soon as the server answers (writing on
    // would make the kernel reset the connection and drop the answer we want to read).
    let sent = 0;
    for (; sent < total && !s.destroyed && !answered(); sent += chunk.length) {
      put(s, `${chunk.length.toString(16)}\r\n`);
      put(s, chunk);
      sentBytes.set(path, sent + chunk.length);
      put(s, '\r\n');
      // Paced so the answer is read before the server's close can turn into a reset.
      await sleep(15);
    }
    if (!answered()) put(s, '0\r\n\r\n');
  };
  const sentBytes = new Map<string, number>();

  it.each([
    ['/v1/recipe', LIMITS.recipeBodyBytes],
    ['/v1/query', LIMITS.queryBodyBytes],
    ['/v1/bundle', LIMITS.bundleBodyBytes],
  ])('chunked %s body past %i bytes → 413 with details.limit; the read stops at the limit', async (path, limit) => {
    await row('H1', `chunked ${path}`, 413, () => raw(chunked(path, limit * 3)), (r) => {
      expectEnvelope(r, 413, 'Request body too large');
      expect(bodyOf(r).details).toEqual({ limit });
    });
    // The server answered while the client was still sending: it did not read everything.
    expect(sentBytes.get(path)).toBeLessThan(limit * 3);
  });

  it('Content-Length over the limit is refused from the header alone, before any body byte', async () => {
    await row('H1', 'declared 2 MiB, nothing sent', 413, () =>
      raw((s) => put(s, `POST /v1/recipe HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${2 * LIMITS.recipeBodyBytes}\r\n\r\n`), 3_000),
    (r) => {
      expectEnvelope(r, 413, 'Request body too large');
      expect(bodyOf(r).details).toEqual({ limit: LIMITS.recipeBodyBytes });
    });
  });

  it.each([
    ['non-numeric Content-Length', 'Content-Length: abc'],
    ['two different Content-Lengths', 'Content-Length: 2\r\nContent-Length: 3'],
    ['Content-Length and chunked together', 'Content-Length: 2\r\nTransfer-Encoding: chunked'],
    ['negative Content-Length', 'Content-Length: -1'],
  ])('%s → 400 from the HTTP layer, connection closed', async (name, header) => {
    await row('H1', name, 400, () => raw((s) => put(s, `POST /v1/recipe HTTP/1.1\r\nHost: x\r\n${header}\r\n\r\n{}`), 3_000), (r) => {
      expectEnvelope(r, 400, 'Bad request');
      expect(r.closedAfterMs).toBeGreaterThanOrEqual(0);
    });
  });
});

describe('H2: header floods', () => {
  it.each([
    ['one 70 KiB header', `X-Big: ${'a'.repeat(70 * 1024)}\r\n`],
    ['2 000 headers of 40 bytes', Array.from({ length: 2000 }, (_, i) => `X-H${i}: ${'b'.repeat(32)}\r\n`).join('')],
    ['a 70 KiB request line', ''],
  ])('%s → 431 envelope, no crash', async (name, headers) => {
    const target = name.includes('request line') ? `/v1/recipe?x=${'c'.repeat(70 * 1024)}` : '/v1/recipe';
    await row('H2', name, 431, () => raw((s) => put(s, `GET ${target} HTTP/1.1\r\nHost: x\r\n${headers}\r\n`), 5_000), (r) => {
      expectEnvelope(r, 431, 'Request header fields too large');
      expect(bodyOf(r)).not.toHaveProperty('details');
    });
  });

  it('60 KiB of headers (under the limit) are fine', async () => {
    const headers = Array.from({ length: 60 }, (_, i) => `X-H${i}: ${'d'.repeat(1000)}\r\n`).join('');
    await row('H2', '60 KiB of headers', 200, () => raw((s) => put(s, `GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${headers}\r\n`), 5_000), (r) => {
      expect(r.status).toBe(200);
    });
  });
});

describe('H29 on the wire: an X-Request-Id with a bare CR is a malformed request, never reflected', () => {
  it('bare CR inside the header value → 400 envelope with a fresh id', async () => {
    await row('H29', 'bare CR in X-Request-Id', 400, () =>
      raw((s) => put(s, 'GET /v1/recipe HTTP/1.1\r\nHost: x\r\nX-Request-Id: evil\rSet-Cookie: a=b\r\n\r\n'), 3_000),
    (r) => {
      expectEnvelope(r, 400, 'Bad request');
      expect(r.text).not.toContain('evil');
      expect(r.text.toLowerCase()).not.toContain('set-cookie');
    });
  });
});

describe('H30: slow clients are cut off at 5 s (headers) and 10 s (whole request)', () => {
  it('the server is configured with a short connectionsCheckingInterval', () => {
    const s = app.server as unknown as { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval?: number };
    expect(s.headersTimeout).toBe(TIMEOUTS.headersMs);
    expect(s.requestTimeout).toBe(TIMEOUTS.requestMs);
    // Node's default sweep is every 30 s; the cut-off times below show the short one at work.
    expect(s.connectionsCheckingInterval).toBe(TIMEOUTS.connectionsCheckingIntervalMs);
    expect(s.connectionsCheckingInterval).toBeLessThanOrEqual(1_000);
  });

  it('incomplete headers, trickled headers, a stalled body and a trickled body are all closed in time, while other clients are served promptly', async () => {
    const H = TIMEOUTS.headersMs;
    const R = TIMEOUTS.requestMs;
    const sweep = TIMEOUTS.connectionsCheckingIntervalMs;
    const slack = 1_500;
    let trickling = true;
    const stopAll = () => {
      trickling = false;
    };

    const cases = [
      row('H30', 'headers never completed', 408, () => raw((s) => put(s, 'GET /v1/recipe HTTP/1.1\r\nHost: x\r\n'), 20_000), (r) => {
        expect(r.closedAfterMs).toBeGreaterThanOrEqual(H - 50);
        expect(r.closedAfterMs).toBeLessThanOrEqual(H + sweep + slack);
        if (r.status !== 0) expectEnvelope(r, 408, 'Request timeout');
      }),
      row('H30', 'headers trickled one byte every 300 ms (slowloris)', 408, () =>
        raw(async (s) => {
          for (const ch of 'GET /v1/recipe HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'z'.repeat(200)) {
            if (!trickling || s.destroyed) return;
            put(s, ch);
            await sleep(300);
          }
        }, 20_000),
      (r) => {
        expect(r.closedAfterMs).toBeGreaterThanOrEqual(H - 50);
        expect(r.closedAfterMs).toBeLessThanOrEqual(H + sweep + slack);
        if (r.status !== 0) expectEnvelope(r, 408, 'Request timeout');
      }),
      row('H30', 'body stalled after half of Content-Length', 408, () =>
        raw((s) => put(s, 'POST /v1/recipe HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{"spec":{'), 25_000),
      (r) => {
        expect(r.closedAfterMs).toBeGreaterThanOrEqual(R - 50);
        expect(r.closedAfterMs).toBeLessThanOrEqual(R + sweep + slack);
        expectEnvelope(r, 408, 'Request timeout');
      }),
      row('H30', 'body trickled one byte every 500 ms', 408, () =>
        raw(async (s) => {
          put(s, 'POST /v1/bundle HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n');
          for (let i = 0; i < 100 && trickling && !s.destroyed; i++) {
            put(s, ' ');
            await sleep(500);
          }
        }, 25_000),
      (r) => {
        expect(r.closedAfterMs).toBeGreaterThanOrEqual(R - 50);
        expect(r.closedAfterMs).toBeLessThanOrEqual(R + sweep + slack);
        expectEnvelope(r, 408, 'Request timeout');
      }),
    ];

    // Meanwhile other clients get answers at once.
    const latencies: number[] = [];
    const probe = (async () => {
      for (let i = 0; i < 20; i++) {
        const r = await timedGet(i % 2 ? '/health' : '/v1/recipe?service=eks');
        expect(r.status).toBe(200);
        latencies.push(r.ms);
        await sleep(400);
      }
    })();

    try {
      await Promise.all([...cases, probe]);
    } finally {
      stopAll();
    }
    expect(Math.max(...latencies)).toBeLessThan(1_000);
  }, 40_000);
});

describe('afterwards', () => {
  it('the server is healthy and answers a normal request; no prototype polluted; the table', async () => {
    expect((await timedGet('/health')).status).toBe(200);
    const res = await fetch(`http://127.0.0.1:${port}/v1/recipe?service=eks&accelerator=h100`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { criteria: { service: string } }).criteria.service).toBe('eks');
    expect(pollutionFindings()).toEqual([]);
    ledger.print();
    const c = ledger.counts;
    expect(c).toEqual({ inputs: c.inputs, handledAsDocumented: c.inputs, fiveXX: 0, crashes: 0, prototypePollution: 0, injectedCommandsExecuted: 0 });
    expect(c.inputs).toBeGreaterThanOrEqual(15);
  });
});
