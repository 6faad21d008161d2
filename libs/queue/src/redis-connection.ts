/**
 * ioredis clients for the queue. BullMQ is handed instances, never options: its ESM build cannot
 * `require('ioredis')` itself. Two kinds, because the two sides want opposite failure modes:
 *
 * - producer (gateway): fail fast. No offline queue, short connect and command timeouts, one
 *   retry per command — a bundle request while Redis is down must get its 503 at once, not wait
 *   in ioredis' queue forever (API.md §8.6 "Who checks").
 * - worker (and the gateway's QueueEvents): ride out outages. `maxRetriesPerRequest: null` (BullMQ
 *   requires it for blocking connections) and the offline queue on, so commands wait for Redis
 *   to come back instead of failing jobs.
 *
 * Both reconnect forever with a short back-off, so service resumes without a restart when Redis
 * returns.
 */
import { Redis, type RedisOptions } from 'ioredis';

/** Back-off between reconnect attempts: 100 ms, 200 ms, … capped at 1 s; never gives up. */
const reconnectDelay = (times: number): number => Math.min(times * 100, 1000);

export interface ConnectionLogger {
  warn(obj: unknown, msg?: string): void;
}

function create(url: string, name: string, options: RedisOptions, logger?: ConnectionLogger): Redis {
  const client = new Redis(url, { connectionName: name, retryStrategy: reconnectDelay, ...options });
  // Without a listener ioredis prints every reconnect failure to the console; log once per outage.
  let down = false;
  client.on('error', (err: Error) => {
    if (!down) logger?.warn({ err: err.message, connection: name }, 'redis connection error');
    down = true;
  });
  client.on('ready', () => {
    down = false;
  });
  return client;
}

/** Gateway side: enqueue, count, read results. Fails fast while Redis is unreachable. */
export function producerConnection(url: string, logger?: ConnectionLogger): Redis {
  return create(
    url,
    'aicr-producer',
    { enableOfflineQueue: false, connectTimeout: 1000, commandTimeout: 2000, maxRetriesPerRequest: 1 },
    logger,
  );
}

/**
 * Worker side, and the template BullMQ duplicates for blocking connections (Worker fetch,
 * QueueEvents XREAD): waits out outages.
 */
export function workerConnection(url: string, name: string, logger?: ConnectionLogger, extra: RedisOptions = {}): Redis {
  return create(url, name, { maxRetriesPerRequest: null, connectTimeout: 2000, ...extra }, logger);
}

/** quit() politely when connected, disconnect() otherwise (quit would wait for a reconnect). */
export async function closeConnection(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'ready') {
    await client.quit().catch(() => client.disconnect());
  } else {
    client.disconnect();
  }
}
