/**
 * Token bucket per key, in memory (API.md §4): continuous refill of `perSecond` tokens/s up to
 * `burst`, a new bucket starts full, each request takes one token. The fallback limiter of
 * every gateway and the only one without REDIS_URL; a Redis store implements the same port.
 */
export interface TakeResult {
  allowed: boolean;
  /** floor(tokens left after this request); 0 when refused. */
  remaining: number;
}

export interface RateLimitStore {
  take(key: string): TakeResult | Promise<TakeResult>;
  close?(): Promise<void> | void;
}

export interface BucketLimits {
  perSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** How often idle buckets are dropped (a bucket that has refilled to full carries no state). */
const SWEEP_MS = 60_000;

export class MemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, Bucket>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly limits: BucketLimits, private readonly now: () => number = () => performance.now()) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  take(key: string): TakeResult {
    const t = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.limits.burst, at: t };
    bucket.tokens = Math.min(this.limits.burst, bucket.tokens + ((t - bucket.at) / 1000) * this.limits.perSecond);
    bucket.at = t;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return { allowed: false, remaining: 0 };
    bucket.tokens -= 1;
    return { allowed: true, remaining: Math.floor(bucket.tokens) };
  }

  get size(): number {
    return this.buckets.size;
  }

  sweep(): void {
    const t = this.now();
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((t - b.at) / 1000) * this.limits.perSecond >= this.limits.burst) this.buckets.delete(key);
    }
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}
