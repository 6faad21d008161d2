import type { Telemetry } from 'bullmq';

/** Options shared by both sides of the queue (values from API.md §9 config). */
export interface QueueOptions {
  redisUrl: string;
  /** BullMQ key prefix (default `aicr`); tests use a unique one, deployments may share Redis. */
  prefix?: string;
  /** AICR_BUNDLE_TTL_SECONDS: how long a finished zip waits in Redis for the gateway. */
  bundleTtlSeconds: number;
  /** AICR_QUEUE_MAX_DEPTH: waiting flows at which the gateway answers 503. */
  maxDepth: number;
  /** AICR_STALLED_INTERVAL_MS: how soon a dead worker's jobs are taken up by another. */
  stalledIntervalMs: number;
  /** AICR_WORKER_CONCURRENCY: jobs one worker process runs at once (per queue). */
  concurrency: number;
  /**
   * BullMQ telemetry (`@aicr/platform`'s `bullmqTelemetry()` while tracing runs): the flow's jobs
   * carry the request's trace context and every job span joins it. Undefined: no tracing.
   */
  telemetry?: Telemetry;
}

/** pino-compatible subset; the libs log nothing without one. */
export interface QueueLogger {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

export const DEFAULT_PREFIX = 'aicr';

/** Rejects with `onTimeout()` when `work` takes longer than `ms` (the work itself goes on). */
export async function within<T>(ms: number, work: Promise<T>, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
