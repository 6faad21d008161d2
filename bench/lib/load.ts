/**
 * Load generation on loopback.
 *
 * - `runLoad`: flat out (closed loop) with autocannon. Latencies are collected per response from
 *   autocannon's tracker (floats in ms) rather than read from its histogram, which stores whole
 *   milliseconds: a 2 ms target needs sub-millisecond resolution.
 * - `runPaced`: a fixed arrival rate (open loop), our own generator on node:http.
 *
 * Why not autocannon's `overallRate` / `connectionRate` for the fixed rate: autocannon 9 splits
 * the rate over the connections and limits each connection with a counter that a 1-second
 * `setInterval` resets (node_modules/autocannon/lib/httpClient.js, lines 67-72):
 *
 *     this.rateInterval = setInterval(() => {
 *       this.reqsMadeThisSecond = 0
 *       if (this.paused) this._doRequest(this.cer)
 *       ...
 *     }, 1000)
 *
 * and `_doRequest` (lines 157-176) sends the next request as soon as the previous response is
 * in while `reqsMadeThisSecond++ < this.rate`, then pauses until the next reset. So "100 req/s
 * over 10 connections" is a burst of 100 requests at concurrency 10 once a second, then silence
 * for the rest of the second, and the latencies it reports are mostly queueing inside the burst
 * (p50 ~2 ms where a lone request takes ~0.3 ms). It is also closed loop: a slow response holds
 * back its connection's next request, and that wait is never counted (coordinated omission).
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
// @ts-expect-error autocannon ships no types; we use three of its fields.
import autocannon from 'autocannon';

export interface LoadResult {
  requests: number;
  /** Completed requests per second over the measured window (non-2xx excluded). */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  // Nearest-rank: the smallest sample with at least p% of samples at or below it.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationSec: number;
  method?: 'GET' | 'POST';
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** A new path for every request (e.g. new criteria each time, to miss every cache); overrides the URL's path. */
  nextPath?: () => string;
}

/** Flat out: every connection sends its next request as soon as the previous answer is in. */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const samples: number[] = [];
  let ok = 0;
  let non2xx = 0;
  const instance = autocannon({
    url: opts.url,
    connections: opts.connections,
    pipelining: 1,
    duration: opts.durationSec,
    method: opts.method ?? 'GET',
    body: opts.body,
    headers: opts.headers,
    requests: opts.nextPath ? [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: opts.nextPath!() }) }] : undefined,
    // A stuck server must not stall the run: each request gives up after 10 s.
    timeout: 10,
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) {
      ok++;
      samples.push(ms);
    } else non2xx++;
  });
  const result = await new Promise<{ errors: number; duration: number }>((resolve, reject) =>
    instance.once('done', resolve).once('error', reject),
  );
  samples.sort((a, b) => a - b);
  return {
    requests: ok,
    rps: ok / result.duration,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    non2xx,
    errors: result.errors,
  };
}

export interface PacedOptions {
  url: string;
  /** Arrival rate over the whole pool, requests per second. */
  rate: number;
  durationSec: number;
  /** Keep-alive sockets in the pool (Agent maxSockets): how many requests can be in flight at once. */
  connections: number;
  /** A request not finished this long after its scheduled instant is aborted and counted as an error. */
  timeoutMs?: number;
  method?: 'GET' | 'POST';
  body?: string | Buffer;
  headers?: Record<string, string>;
}

export interface PacedResult extends LoadResult {
  /** The rate asked for, requests per second. */
  rate: number;
  /** Requests on the schedule: rate × duration. All of them are sent; `sent` says so. */
  scheduled: number;
  sent: number;
  /**
   * Sends per second actually made: 1 / the slope of a least-squares line through the send
   * instants (send i at time t_i). A generator that falls behind shows as a lower rate; one late
   * send (a GC pause, a busy core), caught up at once, hardly moves it (see `lagMax` for that).
   */
  achievedRate: number;
  /** How late the generator sent after the scheduled instants (ms): the client's own share of the latencies. */
  lagP50: number;
  lagP99: number;
  lagMax: number;
}

/**
 * How long before a scheduled instant the generator stops sleeping in a timer and spins on
 * setImmediate (which keeps serving I/O between checks). Node's timers have a 1 ms granularity
 * and fire 0–1 ms late (~0.7 ms at p50 on this machine), which would otherwise add about that
 * much to every latency against a 2 ms target; the spin costs ~9 % of one core at 100/s.
 */
const SPIN_MS = 1.5;

/**
 * Open-loop load at a fixed rate: request i is due at t0 + i/rate, each instant computed from t0
 * (no drift from chained timers), and sent at that instant whatever the earlier requests are
 * doing, over a keep-alive pool of `connections` sockets (a request beyond that waits for a free
 * socket, and the wait is counted). Latency runs from the scheduled instant, not from the actual
 * send, to the last byte of the body: a late send or a queue in the client shows up in the
 * numbers instead of being left out (coordinated omission). Non-2xx answers and errors
 * (including timeouts) are counted and kept out of the latencies, as in `runLoad`. One untimed
 * request primes the client and the pool before t0.
 */
export async function runPaced(opts: PacedOptions): Promise<PacedResult> {
  if (!(opts.rate > 0) || !(opts.durationSec > 0) || !(opts.connections >= 1)) throw new Error(`runPaced: bad options ${JSON.stringify(opts)}`);
  const url = new URL(opts.url);
  const interval = 1000 / opts.rate;
  const scheduled = Math.max(1, Math.round(opts.rate * opts.durationSec));
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
  const samples: number[] = [];
  const lags: number[] = [];
  const sendTimes: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let next = 0;
  let inFlight = 0;

  try {
    // One untimed request first: the first request of a process pays for node:http's lazy
    // set-up and a connect (~8 ms here), which would otherwise land on request 0 of the schedule.
    await new Promise<void>((resolve) => {
      const req = request(url, { agent, method: opts.method ?? 'GET', headers: opts.headers, timeout: timeoutMs }, (res) => res.resume().on('end', resolve).on('error', resolve));
      req.on('error', () => resolve()).on('timeout', () => req.destroy(new Error('priming request timed out')));
      req.end(opts.body);
    });
    await new Promise<void>((resolve) => {
      const t0 = performance.now() + 2 * SPIN_MS;
      const maybeDone = () => {
        if (next >= scheduled && inFlight === 0) resolve();
      };

      const send = (i: number) => {
        const due = t0 + i * interval;
        const sentAt = performance.now();
        sendTimes.push(sentAt);
        lags.push(sentAt - due);
        inFlight++;
        let settled = false;
        const settle = (outcome: 'ok' | 'non2xx' | 'error') => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          inFlight--;
          if (outcome === 'ok') {
            ok++;
            samples.push(performance.now() - due);
          } else if (outcome === 'non2xx') non2xx++;
          else errors++;
          maybeDone();
        };
        const req = request(url, { agent, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
          const good = res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300;
          res.on('end', () => settle(good ? 'ok' : 'non2xx'));
          res.on('error', () => settle('error'));
          res.on('close', () => {
            if (!res.complete) settle('error');
          });
          res.resume();
        });
        req.on('error', () => settle('error'));
        const timer = setTimeout(() => {
          settle('error');
          req.destroy(new Error(`no complete answer ${timeoutMs} ms after the scheduled send`));
        }, Math.max(0, due + timeoutMs - performance.now()));
        req.end(opts.body);
      };

      const tick = () => {
        // Everything due by now goes out at once: after a stall the schedule is caught up, not shifted.
        while (next < scheduled && t0 + next * interval <= performance.now()) send(next++);
        if (next >= scheduled) return maybeDone();
        const wait = t0 + next * interval - performance.now();
        if (wait <= SPIN_MS) setImmediate(tick);
        else setTimeout(tick, Math.floor(wait - SPIN_MS));
      };
      tick();
    });
  } finally {
    agent.destroy();
  }

  samples.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  return {
    requests: ok,
    // Over the schedule's window (scheduled / rate seconds), like autocannon's duration.
    rps: ok / (scheduled / opts.rate),
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    non2xx,
    errors,
    rate: opts.rate,
    scheduled,
    sent: sendTimes.length,
    achievedRate: 1000 / slope(sendTimes),
    lagP50: percentile(lags, 50),
    lagP99: percentile(lags, 99),
    lagMax: lags.at(-1) ?? NaN,
  };
}

/** Least-squares slope of ys against their indexes 0, 1, 2…: the mean step, robust to single outliers. */
export function slope(ys: number[]): number {
  const n = ys.length;
  if (n < 2) return NaN;
  const meanX = (n - 1) / 2;
  const meanY = ys.reduce((a, y) => a + y, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (i - meanX) * (ys[i]! - meanY);
    den += (i - meanX) ** 2;
  }
  return num / den;
}
