/**
 * Finished zips in Redis (ARCHITECTURE.md §2): the parent job stores the zip under a TTL key and
 * returns only metadata (job return values are JSON and would mangle or bloat binary data); the
 * gateway reads and deletes the key. The TTL (AICR_BUNDLE_TTL_SECONDS) bounds what a gateway that
 * died or gave up leaves behind.
 *
 * Cancellation: a gateway past its deadline sets a cancel marker and deletes the zip key in one
 * MULTI; the worker stores the zip with a script that refuses (and consumes the marker) when the
 * marker exists. Either side runs atomically, so whichever comes first, no zip outlives the request.
 */
import type { Redis } from 'ioredis';

export interface FlowKeys {
  bundleKey: string;
  cancelKey: string;
}

/** Keys of one flow, under the queue prefix so a prefix scan sees them (tests' leftover check). */
export function flowKeys(prefix: string, flowId: string): FlowKeys {
  return { bundleKey: `${prefix}:aicr-zip:${flowId}`, cancelKey: `${prefix}:aicr-cancel:${flowId}` };
}

// KEYS[1] zip key, KEYS[2] cancel marker; ARGV[1] zip bytes, ARGV[2] TTL seconds.
// Returns 1 when stored, 0 when the request was cancelled (marker consumed).
const STORE_UNLESS_CANCELLED = `
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('DEL', KEYS[2])
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1
`;

/** Worker side. */
export class BundleStore {
  constructor(private readonly redis: Redis) {}

  /** Stores the zip (binary-safe: the Buffer goes to Redis as is) unless cancelled. */
  async put(keys: FlowKeys, zip: Buffer, ttlSeconds: number): Promise<boolean> {
    const stored = await this.redis.eval(STORE_UNLESS_CANCELLED, 2, keys.bundleKey, keys.cancelKey, zip, String(ttlSeconds));
    return stored === 1;
  }

  async isCancelled(keys: FlowKeys): Promise<boolean> {
    return (await this.redis.exists(keys.cancelKey)) === 1;
  }

  /** The worker is the marker's only reader: once it has acted on it, it goes. */
  async clearCancel(keys: FlowKeys): Promise<void> {
    await this.redis.del(keys.cancelKey);
  }
}

/** Gateway side. */
export class BundleReader {
  constructor(private readonly redis: Redis) {}

  /** GETDEL: the zip is read once and gone; null when it expired or was never stored. */
  async take(keys: FlowKeys): Promise<Buffer | null> {
    return this.redis.getdelBuffer(keys.bundleKey);
  }

  /**
   * The gateway gave up on the flow: mark it cancelled (the marker lives no longer than a zip
   * would) and drop a zip that is already there.
   */
  async abandon(keys: FlowKeys, ttlSeconds: number): Promise<void> {
    await this.redis.multi().set(keys.cancelKey, '1', 'EX', ttlSeconds).del(keys.bundleKey).exec();
  }

  /** The flow is gone (removed, or finished and cleaned up): nobody will consume the marker. */
  async clearCancel(keys: FlowKeys): Promise<void> {
    await this.redis.del(keys.cancelKey);
  }
}
