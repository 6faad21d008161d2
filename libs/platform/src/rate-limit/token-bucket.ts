/**
 * The token bucket of API.md §4, as one port with two stores (memory, Redis). Both implement
 * the same arithmetic: continuous refill of `perSecond` tokens/s up to `burst`, a new bucket
 * starts full, each request takes one token, `remaining` = floor(tokens left).
 */
export interface BucketLimits {
  perSecond: number;
  burst: number;
}

export interface TakeResult {
  allowed: boolean;
  /** floor(tokens left after this request); 0 when refused. */
  remaining: number;
}

/** Structurally the gateway's RateLimitStore: what its rate-limit hook calls per request. */
export interface BucketStore {
  take(key: string): TakeResult | Promise<TakeResult>;
  close?(): Promise<void> | void;
}

export interface BucketState {
  tokens: number;
  /** Time of the last update, ms (any monotonic origin). */
  at: number;
}

/** Refill `state` up to `now` and try to take one token; mutates and returns the outcome. */
export function takeToken(state: BucketState, now: number, limits: BucketLimits): TakeResult {
  const elapsed = Math.max(0, now - state.at);
  state.tokens = Math.min(limits.burst, state.tokens + (elapsed / 1000) * limits.perSecond);
  state.at = now;
  if (state.tokens < 1) return { allowed: false, remaining: 0 };
  state.tokens -= 1;
  return { allowed: true, remaining: Math.floor(state.tokens) };
}

/**
 * How long an untouched bucket takes to refill completely. After that it is indistinguishable
 * from a new (full) bucket, so dropping it then loses nothing: it is the idle-eviction delay of
 * both stores (the Redis key TTL).
 */
export function fullRefillMs(limits: BucketLimits): number {
  return Math.ceil((limits.burst / limits.perSecond) * 1000);
}
