/**
 * The limiter of a gateway with REDIS_URL: Redis buckets shared by all replicas, degrading to
 * this process's memory buckets while Redis is unreachable or slow (API.md §4: requests are
 * never failed because of the limiter). The outage is logged once when it starts and once when
 * it ends, not per request.
 */
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import { MemoryBucketStore } from './memory-bucket';
import { RedisBucketStore } from './redis-bucket';
import type { BucketLimits, BucketStore, TakeResult } from './token-bucket';

// ioredis is loaded when the first shared store is made, not when @aicr/platform is: a gateway
// without REDIS_URL never needs it, and its ~50 modules would sit in every one-process gateway
// (docs/benchmarks.md, fix 6). ioredis is CommonJS, so a synchronous require keeps this
// constructor (and createRateLimitStore) synchronous.
const requireFromHere = createRequire(import.meta.url);
const loadRedis = (): typeof import('ioredis') => requireFromHere('ioredis') as typeof import('ioredis');

/** How often a degraded limiter tries Redis again once the connection looks up. */
const RETRY_EVERY_MS = 1000;

export interface LimiterLogger {
  warn(obj: unknown, msg?: string): void;
  info(obj: unknown, msg?: string): void;
}

export interface SharedBucketOptions {
  redisUrl: string;
  prefix: string;
  limits: BucketLimits;
  logger?: LimiterLogger;
  /** Longest a request waits for Redis before the memory bucket answers (default 250 ms). */
  commandTimeoutMs?: number;
}

export class SharedBucketStore implements BucketStore {
  readonly redis: Redis;
  private readonly shared: RedisBucketStore;
  private readonly local: MemoryBucketStore;
  private readonly logger?: LimiterLogger;
  private degraded = false;
  /** While degraded, Redis is tried again only from this time on (ms): a hung Redis must not
   *  cost every request the command timeout. */
  private retryAt = 0;

  constructor(options: SharedBucketOptions) {
    this.logger = options.logger;
    // Fail fast, never queue: a request must not wait for a reconnect. ioredis keeps
    // reconnecting in the background (capped back-off), so recovery needs no restart.
    const { Redis: RedisClient } = loadRedis();
    this.redis = new RedisClient(options.redisUrl, {
      connectionName: 'aicr-rate-limit',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 250,
      connectTimeout: 1000,
      retryStrategy: (times) => Math.min(times * 100, 1000),
    });
    // Errors are reported through degrade(); without a listener ioredis prints each one.
    this.redis.on('error', () => undefined);
    this.shared = new RedisBucketStore(this.redis, options.limits, options.prefix);
    this.local = new MemoryBucketStore(options.limits);
  }

  /** True while answers come from the per-process fallback. */
  get isDegraded(): boolean {
    return this.degraded;
  }

  async take(client: string): Promise<TakeResult> {
    // While disconnected, skip the round trip entirely; ioredis reports 'ready' on reconnect.
    if (this.redis.status !== 'ready') {
      this.degrade(new Error(`redis connection ${this.redis.status}`));
      return this.local.take(client);
    }
    if (this.degraded && Date.now() < this.retryAt) return this.local.take(client);
    try {
      const result = await this.shared.take(client);
      if (this.degraded) {
        this.degraded = false;
        this.logger?.info({ limiter: 'redis' }, 'rate limiter: Redis is back, buckets are shared again');
      }
      return result;
    } catch (err) {
      this.degrade(err as Error);
      return this.local.take(client);
    }
  }

  private degrade(err: Error): void {
    this.retryAt = Date.now() + RETRY_EVERY_MS;
    if (this.degraded) return;
    this.degraded = true;
    this.logger?.warn({ err: err.message, limiter: 'memory' }, 'rate limiter: Redis unavailable, using per-process buckets until it returns');
  }

  async close(): Promise<void> {
    this.local.close();
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}
