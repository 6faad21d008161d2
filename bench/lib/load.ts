/**
 * Load generation on loopback with autocannon. Latencies are collected per response from
 * autocannon's tracker (floats in ms) rather than read from its histogram, which stores whole
 * milliseconds: a 2 ms target needs sub-millisecond resolution.
 */
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
  /** Fixed arrival rate over all connections (autocannon overallRate); unset = as fast as possible. */
  overallRate?: number;
  method?: 'GET' | 'POST';
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** A new path for every request (e.g. new criteria each time, to miss every cache); overrides the URL's path. */
  nextPath?: () => string;
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const samples: number[] = [];
  let ok = 0;
  let non2xx = 0;
  const instance = autocannon({
    url: opts.url,
    connections: opts.connections,
    pipelining: 1,
    duration: opts.durationSec,
    overallRate: opts.overallRate,
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
