/**
 * Token buckets shared by every gateway replica (API.md §4 [extension]): one Redis hash per
 * client IP, refilled and taken in one atomic Lua call with Redis' own clock (replicas' clocks
 * may disagree). If Redis is unreachable, requests fall back to this process' in-memory
 * buckets — never failed because of the limiter — and the outage is logged once.
 */
import { Redis } from 'ioredis';
import { MemoryRateLimitStore, type BucketLimits, type RateLimitStore, type TakeResult } from './memory-store';

const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
tokens = math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return { allowed, math.floor(tokens) }
`;

/** Idle buckets expire after 10 minutes (§4: bounded memory). */
const IDLE_TTL_MS = 600_000;

export interface RateLimitLogger {
  warn(obj: unknown, msg?: string): void;
  info(obj: unknown, msg?: string): void;
}

type ScriptedRedis = Redis & { aicrTakeToken(key: string, rate: number, burst: number, ttl: number): Promise<[number, number]> };

export interface RedisRateLimitStoreOptions {
  redisUrl: string;
  limits: BucketLimits;
  logger?: RateLimitLogger;
  /** Key prefix (tests use a unique one). */
  prefix?: string;
}

export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: ScriptedRedis;
  private readonly fallback: MemoryRateLimitStore;
  private degraded = false;
  private readonly prefix: string;

  constructor(private readonly options: RedisRateLimitStoreOptions) {
    this.prefix = options.prefix ?? 'aicr:ratelimit:';
    this.fallback = new MemoryRateLimitStore(options.limits);
    // Fail fast: a request must never wait on the limiter's Redis.
    this.redis = new Redis(options.redisUrl, {
      connectionName: 'aicr-rate-limit',
      enableOfflineQueue: false,
      connectTimeout: 1000,
      commandTimeout: 250,
      maxRetriesPerRequest: 0,
      retryStrategy: (times) => Math.min(times * 100, 1000),
    }) as ScriptedRedis;
    this.redis.defineCommand('aicrTakeToken', { numberOfKeys: 1, lua: TAKE_SCRIPT });
    // ioredis prints connection errors itself unless someone listens; take() reports them.
    this.redis.on('error', () => {});
  }

  async take(key: string): Promise<TakeResult> {
    try {
      const { perSecond, burst } = this.options.limits;
      const [allowed, remaining] = await this.redis.aicrTakeToken(this.prefix + key, perSecond, burst, IDLE_TTL_MS);
      if (this.degraded) {
        this.degraded = false;
        this.options.logger?.info({}, 'rate limiter: Redis reachable again, buckets shared');
      }
      return { allowed: allowed === 1, remaining: Math.max(0, Number(remaining)) };
    } catch (err) {
      if (!this.degraded) {
        this.degraded = true;
        this.options.logger?.warn({ err: (err as Error).message }, 'rate limiter: Redis unreachable, using in-memory buckets');
      }
      return this.fallback.take(key);
    }
  }

  async close(): Promise<void> {
    this.fallback.close();
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}
