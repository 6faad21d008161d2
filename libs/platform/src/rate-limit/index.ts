import { MemoryBucketStore } from './memory-bucket';
import { SharedBucketStore, type LimiterLogger } from './shared-bucket';
import type { BucketLimits, BucketStore } from './token-bucket';

export * from './token-bucket';
export { MemoryBucketStore, type MemoryBucketOptions } from './memory-bucket';
export { RedisBucketStore } from './redis-bucket';
export { SharedBucketStore, type LimiterLogger, type SharedBucketOptions } from './shared-bucket';

export interface RateLimitStoreOptions {
  limits: BucketLimits;
  /** Set → buckets in Redis shared by every replica; unset → in memory (API.md §4). */
  redisUrl?: string;
  /** Redis key prefix (AICR_REDIS_PREFIX). */
  prefix: string;
  logger?: LimiterLogger;
}

/** The store API.md §4 asks for given the config: Redis-backed when REDIS_URL is set. */
export function createRateLimitStore(options: RateLimitStoreOptions): BucketStore {
  if (!options.redisUrl) return new MemoryBucketStore(options.limits);
  return new SharedBucketStore({ redisUrl: options.redisUrl, prefix: options.prefix, limits: options.limits, logger: options.logger });
}
