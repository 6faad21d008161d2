/**
 * Token buckets in Redis, shared by every gateway replica (API.md §4 [extension]). One Lua
 * script refills and takes a token atomically, so concurrent replicas never both spend the last
 * token. Time comes from Redis (TIME), not from the replicas, so their clocks need not agree.
 * The key expires once the bucket would be full again: idle clients cost no memory.
 *
 * Why not @fastify/rate-limit with a Redis store: its store contract is a counter per time
 * window (fixed window), which lets a client spend 2× the limit across a window edge and has no
 * separate burst; §4 wants continuous refill with a burst capacity.
 */
import type { Redis } from 'ioredis';
import { fullRefillMs, type BucketLimits, type BucketStore, type TakeResult } from './token-bucket';

// State: hash {tokens, at(µs)}. Numbers are written with string.format because Lua's tostring
// keeps 14 digits, too few for a µs timestamp.
const TAKE_SCRIPT = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
local elapsed = now - at
if elapsed < 0 then elapsed = 0 end
tokens = math.min(burst, tokens + elapsed * rate / 1000000)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'at', string.format('%.0f', now))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {allowed, math.floor(tokens)}
`;

type TakeCommand = (key: string, rate: number, burst: number, ttlMs: number) => Promise<[number, number]>;

export class RedisBucketStore implements BucketStore {
  private readonly ttlMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly limits: BucketLimits,
    /** Key prefix; the bucket of client `ip` is `<prefix>:ratelimit:<ip>`. */
    private readonly prefix: string,
  ) {
    this.ttlMs = fullRefillMs(limits) + 1000;
    // defineCommand sends EVALSHA and falls back to EVAL when Redis lost the script (restart).
    if (!(redis as unknown as { aicrTakeToken?: TakeCommand }).aicrTakeToken) {
      redis.defineCommand('aicrTakeToken', { numberOfKeys: 1, lua: TAKE_SCRIPT });
    }
  }

  keyOf(client: string): string {
    return `${this.prefix}:ratelimit:${client}`;
  }

  async take(client: string): Promise<TakeResult> {
    const take = (this.redis as unknown as { aicrTakeToken: TakeCommand }).aicrTakeToken.bind(this.redis);
    const [allowed, remaining] = await take(this.keyOf(client), this.limits.perSecond, this.limits.burst, this.ttlMs);
    return { allowed: allowed === 1, remaining: Number(remaining) };
  }
}
