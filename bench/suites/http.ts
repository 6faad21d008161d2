/**
 * GET /v1/recipe and GET /v1/query against the bare-fastify baseline, in the one-process mode and
 * in the split mode (gateway → recipe service over HTTP): throughput flat out (autocannon), then
 * latency at a fixed 100 requests/s (open loop, evenly spaced sends: `runPaced`, and load.ts for
 * why not autocannon's rate limit). One mode's processes at a time, so no server competes with
 * another mode's for the two cores.
 */
import { join } from 'node:path';
import { ANY_CRITERIA, type Criteria } from '@aicr/contracts';
import { loadCatalog, RecipeEngine } from '@aicr/recipe-engine';
import { runLoad, runPaced, type LoadResult, type PacedResult } from '../lib/load';
import { cpuTicks } from '../lib/machine';
import { entryOf, ROOT, startServer, type Server } from '../lib/processes';
import { DEEP_SELECTOR, FIXED_RATE, LEAF_QUERY, serverEnv, type SuiteContext, FLOOR_ROUTE } from '../lib/settings';

export interface RouteResult {
  mode: 'baseline' | 'one-process' | 'split';
  route: string;
  flat: LoadResult;
  /** The paced run at FIXED_RATE (recipe and query routes only). */
  fixed?: PacedResult;
  /** Server CPU (all of the mode's processes) per request in the flat-out run, µs: steadier than req/s on a shared machine. */
  cpuUsPerRequest: number;
  /** Share of the machine's CPU used by processes other than ours during the flat-out run, 0–1. */
  otherLoad: number;
}

export interface HttpResults {
  routes: RouteResult[];
  rss: Array<{ process: string; peakMb: number }>;
}

type Ctx = SuiteContext;

async function flat(url: string, servers: Server[], ctx: Ctx, nextPath?: () => string): Promise<{ flat: LoadResult; cpuUsPerRequest: number; otherLoad: number }> {
  // Warm-up lets V8 optimise the hot path and fills the caches; only the second run counts.
  await runLoad({ url, connections: ctx.d.connections, durationSec: ctx.d.warmupSec, nextPath });
  const cpu = () => servers.reduce((sum, s) => sum + s.cpuMs(), 0);
  const own = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const before = { servers: cpu(), runner: own(), machine: cpuTicks() };
  const result = await runLoad({ url, connections: ctx.d.connections, durationSec: ctx.d.measureSec, nextPath });
  const serversMs = cpu() - before.servers;
  const machine = cpuTicks();
  // Everything the CPUs did minus what our servers and this load generator did: someone else's work.
  const totalMs = ((machine.total - before.machine.total) * 1000) / 100;
  const busyMs = ((machine.busy - before.machine.busy) * 1000) / 100;
  const otherLoad = Math.max(0, (busyMs - serversMs - (own() - before.runner)) / totalMs);
  return { flat: result, cpuUsPerRequest: (serversMs * 1000) / (result.requests + result.non2xx), otherLoad };
}

/** Allowed gap between the rate asked for and the rate the generator achieved. */
const PACE_TOLERANCE = 0.01;

/**
 * Latency at FIXED_RATE, open loop. Throws when the generator did not keep the pace (the
 * runner's process starved of CPU, say): latencies of a slower or bunched load would be
 * reported as if they were at FIXED_RATE.
 */
async function fixedRate(url: string, ctx: Ctx, what: string): Promise<PacedResult> {
  const r = await runPaced({ url, rate: FIXED_RATE, durationSec: ctx.d.fixedRateSec, connections: ctx.d.connections });
  ctx.log(
    `${what}: achieved ${r.achievedRate.toFixed(2)} req/s (${r.sent}/${r.scheduled} sent), send lag p50 ${r.lagP50.toFixed(3)} p99 ${r.lagP99.toFixed(2)} max ${r.lagMax.toFixed(1)} ms; ` +
      `p50 ${r.p50.toFixed(2)} p99 ${r.p99.toFixed(2)} ms; ${r.non2xx} non-2xx, ${r.errors} errors`,
  );
  if (r.sent !== r.scheduled || !(Math.abs(r.achievedRate / FIXED_RATE - 1) <= PACE_TOLERANCE)) {
    throw new Error(
      `${what}: the load generator did not keep the pace: ${r.achievedRate.toFixed(2)} req/s achieved, ${FIXED_RATE} asked (±${PACE_TOLERANCE * 100} %), ` +
        `${r.sent}/${r.scheduled} sent, send lag max ${r.lagMax.toFixed(1)} ms. Is something else busy on this machine?`,
    );
  }
  return r;
}

async function measureRoutes(mode: 'one-process' | 'split', gateway: Server, servers: Server[], ctx: Ctx): Promise<RouteResult[]> {
  const routes = [
    { route: 'GET /v1/recipe', url: `${gateway.url}/v1/recipe?${LEAF_QUERY}` },
    { route: 'GET /v1/query', url: `${gateway.url}/v1/query?${LEAF_QUERY}&selector=${DEEP_SELECTOR}` },
  ];
  const out: RouteResult[] = [];
  for (const { route, url } of routes) {
    const probe = await fetch(url);
    if (probe.status !== 200) throw new Error(`${mode} ${route}: HTTP ${probe.status} ${await probe.text()}`);
    ctx.log(`${mode} ${route}: flat out ${ctx.d.measureSec}s`);
    const f = await flat(url, servers, ctx);
    ctx.log(`${mode} ${route}: paced at ${FIXED_RATE} req/s for ${ctx.d.fixedRateSec}s`);
    const fixed = await fixedRate(url, ctx, `${mode} ${route}`);
    out.push({ mode, route, ...f, fixed });
  }
  // Every request with criteria never seen before (nodes=1, 2, 3…): the response cache and the
  // engine's per-criteria caches miss, so this is the resolution path itself (in split mode,
  // with the hop to the recipe service). nodes selects no overlay of ours, so the recipe is the same.
  let nodes = 0;
  const nextPath = () => `/v1/recipe?${LEAF_QUERY}&nodes=${++nodes}`;
  ctx.log(`${mode} GET /v1/recipe, new criteria per request: flat out ${ctx.d.measureSec}s`);
  out.push({ mode, route: 'GET /v1/recipe, new criteria each request (cache misses)', ...(await flat(gateway.url!, servers, ctx, nextPath)) });
  return out;
}

/** Bytes of the recipe answer under test, so the baseline can also send a body that large. */
async function recipeBytes(recipesDir: string): Promise<number> {
  const criteria = { ...ANY_CRITERIA, ...Object.fromEntries(new URLSearchParams(LEAF_QUERY)) } as Criteria;
  return Buffer.byteLength(JSON.stringify(new RecipeEngine(await loadCatalog(recipesDir)).resolve(criteria)));
}

export async function runHttpSuite(ctx: Ctx): Promise<HttpResults> {
  const results: HttpResults = { routes: [], rss: [] };
  const env = serverEnv(ctx.recipesDir);

  ctx.log('baseline: bare fastify');
  const bodyBytes = await recipeBytes(ctx.recipesDir);
  const baseline = await startServer({
    name: 'baseline',
    script: join(ROOT, 'bench/baseline-server.mjs'),
    env: { BODY_BYTES: String(bodyBytes) },
    launch: ctx.launch,
    logDir: ctx.logDir,
    readyPath: '/ping',
  });
  try {
    results.routes.push({ mode: 'baseline', route: 'GET /ping (bare fastify)', ...(await flat(`${baseline.url}/ping`, [baseline], ctx)) });
    // Not a target: how much of the gap to /ping is the recipe's size alone on loopback.
    results.routes.push({ mode: 'baseline', route: `GET /body (bare fastify, ${bodyBytes} B like the recipe)`, ...(await flat(`${baseline.url}/body`, [baseline], ctx)) });
    // Not a target either: /body plus the per-request work the API contract asks for (headers,
    // a log line, metrics) done plainly with the gateway's libraries: what the contract costs on this stack.
    results.routes.push({ mode: 'baseline', route: FLOOR_ROUTE, ...(await flat(`${baseline.url}/floor`, [baseline], ctx)) });
    results.rss.push({ process: 'baseline', peakMb: baseline.peakRssMb() });
  } finally {
    await baseline.stop();
  }

  ctx.log('one-process mode');
  const single = await startServer({ name: 'gateway-one-process', script: entryOf('gateway', ctx.launch.runtime), env, launch: ctx.launch, logDir: ctx.logDir, readyPath: '/ready' });
  try {
    results.routes.push(...(await measureRoutes('one-process', single, [single], ctx)));
    results.rss.push({ process: 'gateway (one-process)', peakMb: single.peakRssMb() });
  } finally {
    await single.stop();
  }

  ctx.log('split mode');
  const service = await startServer({ name: 'recipe-service', script: entryOf('recipe-service', ctx.launch.runtime), env, launch: ctx.launch, logDir: ctx.logDir, readyPath: '/ready' });
  let gateway: Server | undefined;
  try {
    gateway = await startServer({
      name: 'gateway-split',
      script: entryOf('gateway', ctx.launch.runtime),
      env: { ...env, RECIPE_SERVICE_URL: service.url! },
      launch: ctx.launch,
      logDir: ctx.logDir,
      readyPath: '/ready',
    });
    results.routes.push(...(await measureRoutes('split', gateway, [gateway, service], ctx)));
    results.rss.push({ process: 'gateway (split)', peakMb: gateway.peakRssMb() });
    results.rss.push({ process: 'recipe-service (split)', peakMb: service.peakRssMb() });
  } finally {
    await gateway?.stop();
    await service.stop();
  }
  return results;
}
