/**
 * The suites' results as the markdown of docs/benchmarks.md's generated sections, each with its
 * targets (from the benchmark issue) marked met or missed, so a re-run re-judges them.
 */
import type { BundleResults } from '../suites/bundle';
import type { HttpResults, RouteResult } from '../suites/http';
import type { ScalingResults } from '../suites/scaling';
import { SCALING_CHART_FILES } from './charts';
import type { Machine } from './machine';
import { fmt, ms, pass, table } from './report';
import { DEEP_SELECTOR, FIXED_RATE, FLOOR_ROUTE, LEAF_QUERY, type Durations } from './settings';
import type { Runtime } from './processes';

export const TARGETS = {
  oneProcessRatio: 0.6,
  splitRatio: 0.3,
  fixedP50: 2,
  fixedP99: 10,
  bundleP50: 150,
  bundleP95: 300,
  queueOverheadP50: 50,
  gatewayRssMb: 150,
} as const;

export function renderRun(m: Machine, command: string, runtime: Runtime, d: Durations, load: { before: number[]; after?: number[] }, nodeFlags: string[]): string {
  const la = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' / ');
  return [
    `Last run: ${m.date}, \`${command}\``,
    '',
    table(
      ['machine', 'value'],
      [
        ['CPU', `${m.cpu}, ${m.nproc} cores (load generator on the same cores)`],
        ['memory', `${m.memoryGb} GB`],
        ['Node', m.node],
        ['servers run from', runtime === 'dist' ? '`dist/<app>/main.js` (esbuild bundles of `npm run build`)' : 'sources through tsx (`npm run build` failed)'],
        ['extra node flags (servers and baseline)', nodeFlags.length > 0 ? `\`${nodeFlags.join(' ')}\`` : 'none'],
        ['load average (1/5/15 min) before → after', `${la(load.before)} → ${load.after ? la(load.after) : 'n/a'}`],
        ['HTTP runs', `${d.connections} connections, ${d.warmupSec} s warm-up + ${d.measureSec} s flat out; ${d.fixedRateSec} s paced at ${FIXED_RATE} req/s (open loop, pool of ${d.connections} keep-alive sockets)`],
        ['bundle runs', `${d.bundleWarmup} warm-up + ${d.bundleSamples} sequential requests; ${d.bundleSamples} more at concurrency 4`],
      ],
    ),
  ].join('\n');
}

export function renderHttp(r: HttpResults): string {
  const baseline = r.routes.find((x) => x.mode === 'baseline' && x.route.startsWith('GET /ping'))!;
  const ratio = (x: RouteResult) => x.flat.rps / baseline.flat.rps;
  // The same comparison without the load generator's share of the two cores in it.
  const cpuRatio = (x: RouteResult) => baseline.cpuUsPerRequest / x.cpuUsPerRequest;
  const rows = r.routes.map((x) => [
    x.mode,
    x.route,
    fmt(x.flat.rps, 0),
    ms(x.flat.p50),
    ms(x.flat.p99),
    fmt(ratio(x), 2),
    x.fixed ? ms(x.fixed.p50) : '',
    x.fixed ? ms(x.fixed.p99) : '',
    fmt(x.cpuUsPerRequest, 0),
    `${fmt(x.otherLoad * 100, 0)} %`,
    String(x.flat.non2xx + x.flat.errors + (x.fixed ? x.fixed.non2xx + x.fixed.errors : 0)),
  ]);
  const recipe = (mode: string) => r.routes.find((x) => x.mode === mode && x.route === 'GET /v1/recipe')!;
  const fixedOk = r.routes.filter((x) => x.fixed).every((x) => x.fixed!.p50 <= TARGETS.fixedP50 && x.fixed!.p99 <= TARGETS.fixedP99);
  const worstFixed = r.routes.filter((x) => x.fixed).reduce((a, x) => (x.fixed!.p99 > a.fixed!.p99 ? x : a));
  const paced = r.routes.filter((x) => x.fixed).map((x) => x.fixed!);
  const pacedNote =
    paced.length === 0
      ? ''
      : `@${FIXED_RATE}/s: open loop, request i sent at t0 + i/${FIXED_RATE} s whatever the earlier ones are doing, latency from that scheduled instant to the end of the body (a late send or a wait for a socket is counted). ` +
        `Achieved rate ${fmt(Math.min(...paced.map((x) => x.achievedRate)), 2)}–${fmt(Math.max(...paced.map((x) => x.achievedRate)), 2)} req/s over ${paced.map((x) => x.sent).join(' / ')} requests; ` +
        `the generator's own send lag p99 ≤ ${ms(Math.max(...paced.map((x) => x.lagP99)))} ms (max ${ms(Math.max(...paced.map((x) => x.lagMax)))} ms).`;
  const gatewayRss = Math.max(...r.rss.filter((x) => x.process.startsWith('gateway')).map((x) => x.peakMb));
  const floor = r.routes.find((x) => x.route === FLOOR_ROUTE);
  const floorNote = floor
    ? `Against the contract's floor (${FLOOR_ROUTE.replace(/^GET /, '')}): one-process GET /v1/recipe runs at ${fmt(recipe('one-process').flat.rps / floor.flat.rps, 2)}× its throughput, ` +
      `split at ${fmt(recipe('split').flat.rps / floor.flat.rps, 2)}×; server CPU per request ${fmt(recipe('one-process').cpuUsPerRequest, 0)} µs (one-process) against ${fmt(floor.cpuUsPerRequest, 0)} µs, ` +
      `and the floor itself runs at ${fmt(ratio(floor), 2)}× the baseline.`
    : '';
  return [
    `Recipe: \`GET /v1/recipe?${LEAF_QUERY}\`; query: same criteria, \`selector=${DEEP_SELECTOR}\`. Latencies in ms, measured by the client per response. Server CPU: user + system time of the mode's server processes (gateway, plus recipe service in split mode) per request of the flat-out run. Other load: CPU used by processes not ours during that run (share of both cores); rows with more than a few % are disturbed.`,
    '',
    table(['mode', 'route', 'req/s', 'p50', 'p99', '× baseline', `p50 @${FIXED_RATE}/s`, `p99 @${FIXED_RATE}/s`, 'server CPU µs/req', 'other load', 'errors'], rows),
    '',
    ...(pacedNote ? [pacedNote, ''] : []),
    ...(floorNote ? [floorNote, ''] : []),
    table(['process', 'peak RSS (VmHWM), MB'], r.rss.map((x) => [x.process, fmt(x.peakMb, 0)])),
    '',
    table(
      ['target', 'measured', ''],
      [
        [
          `one-process recipe ≥ ${TARGETS.oneProcessRatio}× baseline`,
          `${fmt(ratio(recipe('one-process')), 2)}× (by server CPU per request: ${fmt(cpuRatio(recipe('one-process')), 2)}×)`,
          pass(ratio(recipe('one-process')) >= TARGETS.oneProcessRatio),
        ],
        [
          `split recipe ≥ ${TARGETS.splitRatio}× baseline`,
          `${fmt(ratio(recipe('split')), 2)}× (by server CPU per request: ${fmt(cpuRatio(recipe('split')), 2)}×)`,
          pass(ratio(recipe('split')) >= TARGETS.splitRatio),
        ],
        [
          `@${FIXED_RATE}/s p50 ≤ ${TARGETS.fixedP50} ms, p99 ≤ ${TARGETS.fixedP99} ms (all four)`,
          `worst p99 ${ms(worstFixed.fixed!.p99)} ms (${worstFixed.mode} ${worstFixed.route})`,
          pass(fixedOk),
        ],
        [`gateway RSS under load ≤ ${TARGETS.gatewayRssMb} MB`, `${fmt(gatewayRss, 0)} MB`, pass(gatewayRss <= TARGETS.gatewayRssMb)],
      ],
    ),
  ].join('\n');
}

export function renderScaling(r: ScalingResults): string {
  const ours = r.catalogs.find((c) => c.copies === 1) ?? r.catalogs[0]!;
  const rows = r.catalogs.map((c) => [
    c.label,
    c.overlays,
    c.components,
    c.recipeComponents,
    fmt(c.loadMs, 0),
    fmt(c.loadCpuMs, 0),
    fmt(c.heapMb, 1),
    fmt(c.rssMb, 0),
    ms(c.resolveP50),
    ms(c.resolveP95),
    ms(c.queryP50),
    ms(c.queryP95),
  ]);
  // Growth per catalog growth: 1.0 = linear, below = sub-linear.
  const biggest = r.catalogs.at(-1)!;
  const sizeGrowth = biggest.overlays / ours.overlays;
  const resolveGrowth = biggest.resolveP50 / ours.resolveP50;
  const loadGrowth = biggest.loadCpuMs / ours.loadCpuMs;
  const bundleRows = r.bundles.map((b) => [b.components, b.files, fmt(b.zipBytes / 1024, 0), ms(b.planMs), ms(b.renderMs), ms(b.zipMs), ms(b.totalMs), ms(b.totalMs / b.components)]);
  return [
    'Catalog growth: load time (wall and CPU), heap retained by the loaded catalog, and uncached `RecipeEngine.resolve` / `query` times (a fresh engine per call, leaf criteria of one copy, ms). One child process per catalog.',
    '',
    table(['catalog', 'overlays', 'components', 'recipe components', 'load ms', 'load CPU ms', 'heap MB', 'peak RSS MB', 'resolve p50', 'resolve p95', 'query p50', 'query p95'], rows),
    '',
    table(
      ['target', 'measured', ''],
      [
        [
          'resolution time grows at most linearly with the catalog',
          `${fmt(sizeGrowth, 0)}× the overlays → resolve p50 ${fmt(resolveGrowth, 1)}×, load CPU ${fmt(loadGrowth, 1)}×`,
          pass(resolveGrowth <= sizeGrowth * 1.1),
        ],
      ],
    ),
    '',
    // Written next to docs/benchmarks.md by the runner (bench/lib/charts.ts); relative links, so they show on GitHub.
    `![Catalog growth: resolve and query p50 against the overlays in the catalog, log-log, with dashed linear references](${SCALING_CHART_FILES.catalog})`,
    '',
    'Bundle growth: one synthetic component after another (each with a ~1.5 KiB values file, every other one a templated manifest), in-process, p50 of the stages (ms).',
    '',
    table(['components', 'files', 'zip KiB', 'plan', 'render', 'zip', 'total', 'total per component'], bundleRows),
    '',
    `![Bundle growth: total, render, zip and plan p50 against the components in the recipe](${SCALING_CHART_FILES.bundle})`,
  ].join('\n');
}

export function renderBundle(r: BundleResults): string {
  const one = r.runs[0]!;
  const two = r.runs.find((x) => x.mode.includes('2 workers'));
  const overhead = two ? two.p50 - one.p50 : NaN;
  const rows = r.runs.map((x) => [x.mode, x.samples, ms(x.p50), ms(x.p95), ms(x.serverP50), fmt(x.throughput, 1), ms(x.concurrentP50), ms(x.concurrentP95)]);
  return [
    `Largest recipe of the catalog: \`${r.recipe.criteria}\` (${r.recipe.components} components, ${r.recipe.overlays} overlays), all components, Helm deployer. Zip: ${fmt(r.zipBytes / 1024, 0)} KiB, ${r.files} files. Latencies in ms.`,
    '',
    table(['mode', 'requests', 'p50', 'p95', 'server p50 (X-Bundle-Duration)', `bundles/s @ concurrency ${r.runs[0]?.concurrency ?? 4}`, 'p50 concurrent', 'p95 concurrent'], rows),
    '',
    table(['process', 'peak RSS (VmHWM), MB'], r.rss.map((x) => [x.process, fmt(x.peakMb, 0)])),
    '',
    table(
      ['target', 'measured', ''],
      [
        [`queue, 2 workers: p50 ≤ ${TARGETS.bundleP50} ms`, two ? `${ms(two.p50)} ms` : 'n/a', pass(!!two && two.p50 <= TARGETS.bundleP50)],
        [`queue, 2 workers: p95 ≤ ${TARGETS.bundleP95} ms`, two ? `${ms(two.p95)} ms` : 'n/a', pass(!!two && two.p95 <= TARGETS.bundleP95)],
        [`queue overhead over the one-process render ≤ ${TARGETS.queueOverheadP50} ms at p50`, `${ms(overhead)} ms`, pass(overhead <= TARGETS.queueOverheadP50)],
      ],
    ),
  ].join('\n');
}
