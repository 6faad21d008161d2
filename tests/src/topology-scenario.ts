/**
 * What `npm run topology` shows and tests/src/topology.test.ts asserts, on a running topology:
 * 1. the seed's complete workflow (gpu-operator bundle, checksums at gpu-operator/ and the root);
 * 2. the seed's batch over several environments, full bundles, concurrently;
 * 3. a run during which one worker and one gateway are stopped (SIGTERM, as `docker compose
 *    stop` does), then requests the remaining ones serve alone.
 * It returns evidence (who served what, exit codes, checksum results) rather than judging it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from './topology-compose';
import { BATCH_ENVIRONMENTS, COMPLETE_WORKFLOW, GatewayPool, fetchText, metricSum, recipeToVerifiedBundle, type BundleRun } from './topology-workflow';
import type { RunningReplica, Topology } from './topology-processes';

export interface WorkerJobs {
  id: string;
  /** aicr_worker_jobs_total{queue="render",outcome="completed"} */
  render: number;
  /** aicr_worker_jobs_total{queue="assemble",outcome="completed"} */
  assemble: number;
}

export interface ScenarioReport {
  gateways: string[];
  workflow: BundleRun;
  batch: BundleRun[];
  /** Responses per gateway and jobs per worker after steps 1–2 (everything running). */
  servedBeforeStop: Record<string, number>;
  workerJobsBeforeStop: WorkerJobs[];
  duringStop: {
    runs: BundleRun[];
    errors: string[];
    stopped: { id: string; exitCode: number | null }[];
    /** Responses per gateway while the stop was under way (the stopping one drains its share). */
    served: Record<string, number>;
  };
  afterStop: { runs: BundleRun[]; errors: string[]; servedBy: string[] };
  failovers: { gateway: string; reason: string }[];
  workerJobsAtEnd: WorkerJobs[];
  /**
   * Largest values seen while the batch ran, of what the two worker autoscalers read: the length
   * of each Redis list the KEDA trigger watches, and the workers' aicr_queue_jobs{state="waiting"}
   * per queue (the prometheus-adapter HPA's metric).
   */
  queueDepthSeen: { lists: Record<string, number>; metric: Record<string, number> };
}

export interface ScenarioOptions {
  log?: (line: string) => void;
  /** Redis lists to sample during the batch (the KEDA trigger's listNames). */
  watchLists?: string[];
}

/** The Redis lists the Kubernetes KEDA trigger watches (its ScaledObject's listNames). */
export function kedaWatchLists(file = join(repoRoot, 'deploy/kubernetes/components/keda-worker-autoscaling/scaled-object.yaml')): string[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJSON() as { kind?: string; spec?: { triggers?: { type: string; metadata: { listName?: string } }[] } });
  const triggers = docs.filter((d) => d?.kind === 'ScaledObject').flatMap((d) => d.spec?.triggers ?? []);
  return triggers.filter((t) => t.type === 'redis' && t.metadata.listName).map((t) => t.metadata.listName!);
}

/** Samples queue depth until stopped: the lists over Redis, the gauge over a worker's /metrics. */
function sampleQueueDepth(redisUrl: string, lists: string[], worker: RunningReplica): { stop(): Promise<ScenarioReport['queueDepthSeen']> } {
  const redis = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 });
  const seen: ScenarioReport['queueDepthSeen'] = { lists: Object.fromEntries(lists.map((l) => [l, 0])), metric: {} };
  let running = true;
  const listLoop = (async () => {
    while (running) {
      const lengths = await Promise.all(lists.map((l) => redis.llen(l).catch(() => 0)));
      lists.forEach((l, i) => (seen.lists[l] = Math.max(seen.lists[l], lengths[i])));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const metricLoop = (async () => {
    while (running) {
      const text = await fetchText(metricsUrl(worker)).catch(() => '');
      for (const m of text.matchAll(/^aicr_queue_jobs\{([^}]*)\}\s+(\S+)/gm)) {
        const queue = /queue="([^"]*)"/.exec(m[1])?.[1];
        if (queue && /state="waiting"/.test(m[1])) seen.metric[queue] = Math.max(seen.metric[queue] ?? 0, Number(m[2]));
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  return {
    async stop() {
      running = false;
      await Promise.all([listLoop, metricLoop]);
      redis.disconnect();
      return seen;
    },
  };
}

export const gatewayUrl = (r: RunningReplica) => `http://127.0.0.1:${r.plan.env.PORT}`;
const metricsUrl = (r: RunningReplica) => `http://127.0.0.1:${r.plan.env.AICR_METRICS_PORT}/metrics`;

async function workerJobs(r: RunningReplica): Promise<WorkerJobs> {
  const text = await fetchText(metricsUrl(r));
  return {
    id: r.plan.id,
    render: metricSum(text, 'aicr_worker_jobs_total', { queue: 'render', outcome: 'completed' }),
    assemble: metricSum(text, 'aicr_worker_jobs_total', { queue: 'assemble', outcome: 'completed' }),
  };
}

/** Settles every run; a failure is kept as a message, not thrown, so the report shows all. */
async function settle(runs: Promise<BundleRun>[]): Promise<{ runs: BundleRun[]; errors: string[] }> {
  const results = await Promise.allSettled(runs);
  return {
    runs: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    errors: results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message ?? r.reason)] : [])),
  };
}

export async function runScenario(topology: Topology, workDir: string, options: ScenarioOptions = {}): Promise<ScenarioReport> {
  const log = options.log ?? (() => undefined);
  const gateways = topology.of('gateway');
  const workers = topology.of('bundle-worker');
  if (gateways.length < 2 || workers.length < 2) throw new Error(`the scenario needs two gateways and two workers, got ${gateways.length} and ${workers.length}`);
  const pool = new GatewayPool(gateways.map(gatewayUrl));
  let n = 0;
  const dir = () => join(workDir, `run-${++n}`);

  log(`complete workflow: ${COMPLETE_WORKFLOW.criteria}, bundlers=${COMPLETE_WORKFLOW.bundlers}`);
  const workflow = await recipeToVerifiedBundle(pool, COMPLETE_WORKFLOW.criteria, dir(), COMPLETE_WORKFLOW.bundlers);

  log(`batch: ${BATCH_ENVIRONMENTS.length} environments × 2, full bundles, concurrently`);
  const redisUrl = gateways[0].plan.env.REDIS_URL;
  const sampler = sampleQueueDepth(redisUrl, options.watchLists ?? [], workers[1]);
  let batch: BundleRun[];
  let queueDepthSeen: ScenarioReport['queueDepthSeen'];
  try {
    batch = await Promise.all([...BATCH_ENVIRONMENTS, ...BATCH_ENVIRONMENTS].map((env) => recipeToVerifiedBundle(pool, env, dir())));
  } finally {
    queueDepthSeen = await sampler.stop();
  }
  const servedBeforeStop = Object.fromEntries(pool.served);
  const workerJobsBeforeStop = await Promise.all(workers.map(workerJobs));

  // Stop one of each while bundles are in flight: enough requests that both the stopping and
  // the remaining processes have work when the signals land.
  const [stoppingGateway, stoppingWorker] = [gateways[0], workers[0]];
  log(`stopping ${stoppingGateway.plan.id} and ${stoppingWorker.plan.id} mid-run`);
  const beforeStop = new Map(pool.served);
  const inFlight = settle(Array.from({ length: 12 }, (_, i) => recipeToVerifiedBundle(pool, BATCH_ENVIRONMENTS[i % BATCH_ENVIRONMENTS.length], dir())));
  await new Promise((resolve) => setTimeout(resolve, 150));
  const [gwExit, wkExit] = await Promise.all([topology.stop(stoppingGateway), topology.stop(stoppingWorker)]);
  const during = await inFlight;
  const servedDuring = Object.fromEntries([...pool.served].map(([g, c]) => [g, c - (beforeStop.get(g) ?? 0)]));

  log('after the stop: the remaining gateway and worker alone');
  const before = new Map(pool.served);
  const after = await settle(BATCH_ENVIRONMENTS.map((env) => recipeToVerifiedBundle(pool, env, dir())));
  const servedBy = [...pool.served].filter(([g, count]) => count > (before.get(g) ?? 0)).map(([g]) => g);

  return {
    gateways: gateways.map(gatewayUrl),
    workflow,
    batch,
    servedBeforeStop,
    workerJobsBeforeStop,
    duringStop: {
      ...during,
      stopped: [{ id: stoppingGateway.plan.id, exitCode: gwExit }, { id: stoppingWorker.plan.id, exitCode: wkExit }],
      served: servedDuring,
    },
    afterStop: { ...after, servedBy },
    failovers: pool.failovers,
    workerJobsAtEnd: await Promise.all(workers.slice(1).map(workerJobs)),
    queueDepthSeen,
  };
}

/** Human-readable lines for `npm run topology`. */
export function describeReport(r: ScenarioReport): string[] {
  const ok = (runs: BundleRun[]) => runs.every((x) => x.checksums.length > 0 && x.checksums.every((c) => c.ok));
  const files = (runs: BundleRun[]) => runs.reduce((s, x) => s + x.checksums.reduce((t, c) => t + c.files, 0), 0);
  return [
    `complete workflow: ${r.workflow.components.length} components in the recipe; gpu-operator bundle from ${r.workflow.gateways.bundle}; ` +
      `checksums ${r.workflow.checksums.map((c) => `${c.dir || '(root)'}: ${c.ok ? `${c.files} OK` : 'FAILED'}`).join(', ')}`,
    `batch: ${r.batch.length} bundles, ${files(r.batch)} files verified, ${ok(r.batch) ? 'all OK' : 'FAILURES'}`,
    ...r.batch.slice(0, BATCH_ENVIRONMENTS.length).map((b) => `  ${b.criteria}: ${b.components.join(', ')}`),
    `requests per gateway before the stop: ${Object.entries(r.servedBeforeStop).map(([g, c]) => `${g} ${c}`).join(', ')}`,
    `jobs per worker before the stop: ${r.workerJobsBeforeStop.map((w) => `${w.id} render ${w.render} / assemble ${w.assemble}`).join(', ')}`,
    `during the stop: ${r.duringStop.runs.length} bundles OK (${ok(r.duringStop.runs) ? 'checksums OK' : 'checksum FAILURES'}), ${r.duringStop.errors.length} lost` +
      `${r.duringStop.errors.length ? `: ${r.duringStop.errors.join('; ')}` : ''}; exit codes ${r.duringStop.stopped.map((s) => `${s.id} ${s.exitCode}`).join(', ')}; ` +
      `responses per gateway meanwhile: ${Object.entries(r.duringStop.served).map(([g, c]) => `${g} ${c}`).join(', ')}`,
    `after the stop: ${r.afterStop.runs.length} bundles OK, ${r.afterStop.errors.length} lost, served by ${r.afterStop.servedBy.join(', ')}`,
    `failovers to another gateway: ${r.failovers.length}${r.failovers.length ? ` (${[...new Set(r.failovers.map((f) => f.reason.slice(0, 60)))].join('; ')})` : ''}`,
    `remaining workers' jobs at the end: ${r.workerJobsAtEnd.map((w) => `${w.id} render ${w.render} / assemble ${w.assemble}`).join(', ')}`,
    `largest queue depth seen during the batch: ${Object.entries(r.queueDepthSeen.lists).map(([l, n]) => `LLEN ${l} ${n}`).join(', ')}` +
      `; aicr_queue_jobs{state="waiting"} ${Object.entries(r.queueDepthSeen.metric).map(([q, n]) => `${q} ${n}`).join(', ')}`,
  ];
}

/** What the scenario must show; empty when it showed all of it. */
export function problems(r: ScenarioReport): string[] {
  const out: string[] = [];
  const verified = (x: BundleRun) => x.checksums.length > 0 && x.checksums.every((c) => c.ok);
  const rootAndGpu = new Set(r.workflow.checksums.filter((c) => c.ok).map((c) => c.dir));
  if (!rootAndGpu.has('') || !rootAndGpu.has('gpu-operator')) out.push(`complete workflow: checksums not verified at the root and in gpu-operator/ (${r.workflow.checksums.map((c) => c.dir).join(', ')})`);
  for (const x of [r.workflow, ...r.batch, ...r.duringStop.runs, ...r.afterStop.runs]) if (!verified(x)) out.push(`${x.criteria}: checksums failed`);
  for (const [g, c] of Object.entries(r.servedBeforeStop)) if (c === 0) out.push(`gateway ${g} served nothing`);
  for (const w of r.workerJobsBeforeStop) if (w.render === 0) out.push(`worker ${w.id} rendered nothing`);
  if (r.duringStop.errors.length) out.push(`lost during the stop: ${r.duringStop.errors.join('; ')}`);
  if (r.afterStop.errors.length) out.push(`lost after the stop: ${r.afterStop.errors.join('; ')}`);
  for (const s of r.duringStop.stopped) if (s.exitCode !== 0) out.push(`${s.id} exited ${s.exitCode} on SIGTERM (graceful shutdown exits 0)`);
  return out;
}
