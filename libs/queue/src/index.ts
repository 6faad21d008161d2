// Placeholder signatures so the gateway compiles while this lib is written; replaced by the real queue.
import type { BundleRunner } from '@aicr/contracts';

export interface QueueOptions {
  redisUrl: string;
  /** BullMQ prefix (tests use a unique one). */
  prefix?: string;
  bundleTtlSeconds: number;
  maxDepth: number;
  stalledIntervalMs: number;
  concurrency: number;
}

export function createQueueBundleRunner(_options: QueueOptions): BundleRunner {
  throw new Error('queue: not implemented yet');
}

export async function startBundleWorker(_options: QueueOptions): Promise<{ close(): Promise<void> }> {
  throw new Error('queue: not implemented yet');
}
