/**
 * Token buckets in process memory: the limiter without REDIS_URL and the fallback while Redis
 * is unreachable. Bounded two ways, because the key is the client IP and an attacker controls
 * how many there are: idle buckets are dropped once they would be full again (they carry no
 * state), and past `maxKeys` the least recently used bucket goes.
 */
import { fullRefillMs, takeToken, type BucketLimits, type BucketState, type BucketStore, type TakeResult } from './token-bucket';

export interface MemoryBucketOptions {
  /** Most buckets kept at once (default 100 000, some MB). */
  maxKeys?: number;
  /** Clock in ms; tests pass their own. */
  now?: () => number;
  /** Sweep period in ms (default 60 s); 0 → no timer (tests call sweep()). */
  sweepEveryMs?: number;
}

export class MemoryBucketStore implements BucketStore {
  // Map iteration order is insertion order: re-inserting on use makes the first key the LRU one.
  private readonly buckets = new Map<string, BucketState>();
  private readonly maxKeys: number;
  private readonly now: () => number;
  private readonly sweeper?: NodeJS.Timeout;

  constructor(private readonly limits: BucketLimits, options: MemoryBucketOptions = {}) {
    this.maxKeys = options.maxKeys ?? 100_000;
    this.now = options.now ?? (() => performance.now());
    const every = options.sweepEveryMs ?? 60_000;
    if (every > 0) {
      this.sweeper = setInterval(() => this.sweep(), every);
      this.sweeper.unref();
    }
  }

  take(key: string): TakeResult {
    const now = this.now();
    let state = this.buckets.get(key);
    if (state) this.buckets.delete(key);
    else state = { tokens: this.limits.burst, at: now };
    const result = takeToken(state, now, this.limits);
    this.buckets.set(key, state);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    return result;
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Drops every bucket that has been idle long enough to be full again. */
  sweep(): void {
    const idle = fullRefillMs(this.limits);
    const now = this.now();
    for (const [key, state] of this.buckets) {
      if (now - state.at >= idle) this.buckets.delete(key);
    }
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}
