/**
 * One QueueEvents per runner (per gateway process) for every bundle request: a request registers
 * its parent job id before the flow is added, and the single listener settles it on the parent's
 * `completed` / `failed` event. One blocking XREAD connection however many requests are waiting.
 *
 * Started lazily, from the events stream's current last id: QueueEvents' default (`$`) would
 * miss events written before its first XREAD reaches Redis, and a flow can finish that fast.
 */
import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { BUNDLE_QUEUES, type AicrError, type AssembleJobResult } from '@aicr/contracts';
import { decodeReason } from './job-errors';

interface Pending {
  resolve(result: AssembleJobResult): void;
  reject(err: AicrError): void;
}

export class CompletionWaiter {
  private events?: QueueEvents;
  private starting?: Promise<void>;
  private readonly pending = new Map<string, Pending>();

  /**
   * @param producer fail-fast connection, for the one read of the stream's last id
   * @param template connection BullMQ duplicates for the blocking XREAD (created lazy, so the
   *   template itself never opens a socket)
   */
  constructor(
    private readonly producer: Redis,
    private readonly template: Redis,
    private readonly prefix: string,
    private readonly onError: (err: Error) => void = () => undefined,
  ) {}

  /** Idempotent; rejects (and can be retried) while Redis is unreachable. */
  start(): Promise<void> {
    this.starting ??= this.doStart().catch((err: unknown) => {
      this.starting = undefined;
      throw err;
    });
    return this.starting;
  }

  private async doStart(): Promise<void> {
    const stream = `${this.prefix}:${BUNDLE_QUEUES.assemble}:events`;
    const last = await this.producer.xrevrange(stream, '+', '-', 'COUNT', 1);
    const events = new QueueEvents(BUNDLE_QUEUES.assemble, {
      connection: this.template,
      prefix: this.prefix,
      lastEventId: last[0]?.[0] ?? '0-0',
    });
    events.on('completed', ({ jobId, returnvalue }) => {
      const p = this.take(jobId);
      p?.resolve((typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as AssembleJobResult);
    });
    events.on('failed', ({ jobId, failedReason }) => this.take(jobId)?.reject(decodeReason(failedReason)));
    events.on('error', (err) => this.onError(err));
    try {
      await events.waitUntilReady();
    } catch (err) {
      await events.close().catch(() => undefined);
      throw err;
    }
    this.events = events;
  }

  /** Call before adding the flow, so its outcome cannot be missed. */
  register(jobId: string): Promise<AssembleJobResult> {
    const outcome = new Promise<AssembleJobResult>((resolve, reject) => this.pending.set(jobId, { resolve, reject }));
    // May settle before the caller awaits it (failAll during the enqueue): never "unhandled".
    outcome.catch(() => undefined);
    return outcome;
  }

  /** The request stopped waiting (deadline, abort, failed enqueue). */
  forget(jobId: string): void {
    this.pending.delete(jobId);
  }

  /** Rejects every waiting request (Redis connection lost, runner closing). */
  failAll(err: AicrError): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(err);
  }

  get waiting(): number {
    return this.pending.size;
  }

  private take(jobId: string): Pending | undefined {
    const p = this.pending.get(jobId);
    this.pending.delete(jobId);
    return p;
  }

  async close(): Promise<void> {
    const starting = this.starting;
    this.starting = undefined;
    await starting?.catch(() => undefined);
    await this.events?.close();
    this.events = undefined;
  }
}
