/**
 * Worker metrics (API.md §8.8): jobs per queue and outcome, render time per component, and the
 * queue depth gauge a scaler reads (`aicr_queue_jobs`, read from Redis at scrape time).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobEvent } from '@aicr/queue';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Component names come from requests too (hand-written components): cap the label values. */
const MAX_COMPONENT_LABELS = 200;

export interface WorkerMetrics {
  registry: Registry;
  observe(event: JobEvent): void;
}

export function createWorkerMetrics(jobCounts: () => Promise<Record<string, Record<string, number>>>): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const jobs = new Counter({
    name: 'aicr_worker_jobs_total',
    help: 'Bundle job attempts run by this worker, by queue and outcome',
    labelNames: ['queue', 'outcome'] as const,
    registers: [registry],
  });
  const render = new Histogram({
    name: 'aicr_render_duration_seconds',
    help: 'Time to render one component (one render job attempt)',
    labelNames: ['component'] as const,
    buckets: BUCKETS,
    registers: [registry],
  });
  const assemble = new Histogram({
    name: 'aicr_assemble_duration_seconds',
    help: 'Time to assemble and store one bundle (one assemble job attempt)',
    buckets: BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'aicr_queue_jobs',
    help: 'Jobs per BullMQ queue and state, read from Redis at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      try {
        for (const [queue, states] of Object.entries(await jobCounts())) {
          for (const [state, n] of Object.entries(states)) this.set({ queue, state }, n);
        }
      } catch {
        // Redis down: no queue numbers rather than a failed scrape (/health says why).
      }
    },
  });
  const seen = new Set<string>();

  return {
    registry,
    observe(event) {
      jobs.inc({ queue: event.queue, outcome: event.ok ? 'completed' : 'failed' });
      if (event.queue === 'assemble') {
        assemble.observe(event.seconds);
        return;
      }
      let component = event.component ?? 'unknown';
      if (!seen.has(component)) {
        if (seen.size >= MAX_COMPONENT_LABELS) component = 'other';
        else seen.add(component);
      }
      render.observe({ component }, event.seconds);
    },
  };
}
