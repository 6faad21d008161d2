/**
 * POST /v1/bundle for the largest recipe of the catalog, all components: in the one-process mode
 * (rendered in the gateway), then through the queue (gateway with AICR_EMBEDDED_WORKER=false, a
 * private Redis, separate worker processes) with 1 and then 2 workers. Requests one at a time for
 * the latency percentiles, then a few at once to see what a second worker buys.
 */
import { ANY_CRITERIA, type Criteria, type RecipeResult } from '@aicr/contracts';
import { loadCatalog, RecipeEngine } from '@aicr/recipe-engine';
import { percentile } from '../lib/load';
import { entryOf, startServer, type Server } from '../lib/processes';
import { startRedis } from '../lib/redis';
import { serverEnv, type SuiteContext } from '../lib/settings';

export interface BundleRun {
  mode: string;
  samples: number;
  p50: number;
  p95: number;
  /** Server-side X-Bundle-Duration p50 (acceptance → zip ready). */
  serverP50: number;
  /** Bundles per second with `concurrency` requests in flight. */
  concurrency: number;
  throughput: number;
  concurrentP50: number;
  concurrentP95: number;
}

export interface BundleResults {
  recipe: { criteria: string; components: number; overlays: number };
  zipBytes: number;
  files: number;
  runs: BundleRun[];
  rss: Array<{ process: string; peakMb: number }>;
}

type Ctx = SuiteContext;

/** Requests in flight for the throughput part: one per render slot of two single-core workers. */
const CONCURRENCY = 4;

/** Components first, applied overlays as the tie-break. */
const rank = (r: RecipeResult) => r.componentRefs.length * 1000 + r.metadata.appliedOverlays.length;

/** The criteria of every overlay, resolved; the recipe with the most components wins (ties: most overlays). */
async function largestRecipe(recipesDir: string): Promise<{ criteria: Criteria; recipe: RecipeResult }> {
  const catalog = await loadCatalog(recipesDir);
  const engine = new RecipeEngine(catalog);
  let best: { criteria: Criteria; recipe: RecipeResult } | undefined;
  for (const overlay of catalog.overlays.values()) {
    const c = overlay.spec.criteria;
    if (!c) continue;
    const criteria = { ...ANY_CRITERIA } as Criteria;
    for (const field of ['service', 'accelerator', 'intent', 'os', 'platform'] as const) if (c[field]) criteria[field] = c[field] as never;
    criteria.nodes = c.nodes;
    const recipe = engine.resolve(criteria);
    if (!best || rank(recipe) > rank(best.recipe)) best = { criteria, recipe };
  }
  return best!;
}

interface OneBundle {
  ms: number;
  serverMs: number;
  bytes: number;
  files: number;
}

async function postBundle(url: string, body: string): Promise<OneBundle> {
  const t0 = performance.now();
  const res = await fetch(`${url}/v1/bundle`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(60_000) });
  const zip = Buffer.from(await res.arrayBuffer());
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`POST /v1/bundle: HTTP ${res.status} ${zip.toString('utf8').slice(0, 500)}`);
  const d = res.headers.get('x-bundle-duration') ?? '';
  const serverMs = d.endsWith('ms') ? Number(d.slice(0, -2)) : Number(d.slice(0, -1)) * 1000;
  return { ms, serverMs, bytes: zip.length, files: Number(res.headers.get('x-bundle-files')) };
}

async function measure(mode: string, url: string, body: string, ctx: Ctx): Promise<{ run: BundleRun; last: OneBundle }> {
  ctx.log(`bundle ${mode}: ${ctx.d.bundleWarmup} warm-up + ${ctx.d.bundleSamples} sequential, then ${ctx.d.bundleSamples} at concurrency ${CONCURRENCY}`);
  let last!: OneBundle;
  for (let i = 0; i < ctx.d.bundleWarmup; i++) last = await postBundle(url, body);
  const seq: OneBundle[] = [];
  for (let i = 0; i < ctx.d.bundleSamples; i++) seq.push((last = await postBundle(url, body)));

  const conc: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < ctx.d.bundleSamples) conc.push((await postBundle(url, body)).ms);
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;

  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const ms = sorted(seq.map((s) => s.ms));
  const c = sorted(conc);
  return {
    last,
    run: {
      mode,
      samples: seq.length,
      p50: percentile(ms, 50),
      p95: percentile(ms, 95),
      serverP50: percentile(sorted(seq.map((s) => s.serverMs)), 50),
      concurrency: CONCURRENCY,
      throughput: conc.length / elapsed,
      concurrentP50: percentile(c, 50),
      concurrentP95: percentile(c, 95),
    },
  };
}

export async function runBundleSuite(ctx: Ctx): Promise<BundleResults> {
  const { criteria, recipe } = await largestRecipe(ctx.recipesDir);
  const body = JSON.stringify(recipe);
  const label = `${criteria.service}/${criteria.accelerator}/${criteria.intent}/${criteria.os}/${criteria.platform}`;
  ctx.log(`bundle: largest recipe ${label}, ${recipe.componentRefs.length} components`);
  const env = serverEnv(ctx.recipesDir);
  const results: BundleResults = {
    recipe: { criteria: label, components: recipe.componentRefs.length, overlays: recipe.metadata.appliedOverlays.length },
    zipBytes: 0,
    files: 0,
    runs: [],
    rss: [],
  };

  const single = await startServer({ name: 'gateway-bundle-one-process', script: entryOf('gateway', ctx.launch.runtime), env, launch: ctx.launch, logDir: ctx.logDir, readyPath: '/ready' });
  try {
    const { run, last } = await measure('one-process (in-process render)', single.url!, body, ctx);
    results.runs.push(run);
    results.zipBytes = last.bytes;
    results.files = last.files;
    results.rss.push({ process: 'gateway (one-process, bundles)', peakMb: single.peakRssMb() });
  } finally {
    await single.stop();
  }

  const redis = await startRedis();
  const workers: Server[] = [];
  let gateway: Server | undefined;
  try {
    const queueEnv = { ...env, REDIS_URL: redis.url };
    const startWorker = (i: number) =>
      startServer({
        name: `bundle-worker-${i}`,
        script: entryOf('bundle-worker', ctx.launch.runtime),
        env: queueEnv,
        portEnv: 'AICR_METRICS_PORT',
        launch: ctx.launch,
        logDir: ctx.logDir,
        readyPath: '/health',
      });
    gateway = await startServer({
      name: 'gateway-queue',
      script: entryOf('gateway', ctx.launch.runtime),
      env: { ...queueEnv, AICR_EMBEDDED_WORKER: 'false' },
      launch: ctx.launch,
      logDir: ctx.logDir,
      readyPath: '/ready',
    });
    workers.push(await startWorker(1));
    results.runs.push((await measure('queue, 1 worker', gateway.url!, body, ctx)).run);
    workers.push(await startWorker(2));
    results.runs.push((await measure('queue, 2 workers', gateway.url!, body, ctx)).run);
    results.rss.push({ process: 'gateway (queue)', peakMb: gateway.peakRssMb() });
    workers.forEach((w, i) => results.rss.push({ process: `bundle-worker ${i + 1}`, peakMb: w.peakRssMb() }));
    results.rss.push({ process: 'redis-server', peakMb: redis.peakRssMb() });
  } finally {
    await gateway?.stop();
    for (const w of workers) await w.stop();
    await redis.stop();
  }
  return results;
}
