/**
 * `npm run bench`: builds the apps, runs the benchmark suites on loopback, prints the tables and
 * rewrites the generated sections of docs/benchmarks.md. Every run stops by itself: each load
 * is bounded by a duration or a request count, and a watchdog ends the whole run past its budget.
 *
 *   npm run bench -- --help               the options below; an unknown option is an error
 *   npm run bench                         all suites, full durations (~9 min)
 *   npm run bench -- --quick              shorter runs, for a smoke check
 *   npm run bench -- --only=http,bundle   some suites (http, scaling, bundle)
 *   npm run bench -- --no-write           print only, leave docs/benchmarks.md (and its charts) alone
 *   npm run bench -- --runtime=tsx        run the apps from source instead of dist/
 *   npm run bench -- --node-flags="--max-old-space-size=128"   extra node flags for every server
 *                                         and the baseline (e.g. the heap a pod's memory limit gives)
 *
 * BENCH_QUIET_WAIT_SEC (default 120): how long to wait for other work on the machine to stop.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { renderScalingCharts, SCALING_CHART_FILES, type ScalingCharts } from './lib/charts';
import { machine, waitForQuiet } from './lib/machine';
import { distAvailable, launchFor, ROOT, type Runtime } from './lib/processes';
import { renderBundle, renderHttp, renderRun, renderScaling } from './lib/render';
import { writeSection } from './lib/report';
import { FULL, QUICK } from './lib/settings';
import { runBundleSuite } from './suites/bundle';
import { runHttpSuite } from './suites/http';
import { runScalingSuite } from './suites/scaling';

const SUITES = ['http', 'scaling', 'bundle'] as const;
type Suite = (typeof SUITES)[number];
const BUDGET_MS = 20 * 60_000;

const USAGE = `Usage: npm run bench -- [options]   (or: npx tsx bench/run.ts [options])

Builds the apps, runs the benchmark suites on loopback, prints the tables and rewrites the
generated sections of docs/benchmarks.md (and the scaling suite's charts in docs/benchmarks/).

Options:
  --quick                 shorter runs, for a smoke check of the harness
  --only=SUITES           comma-separated suites to run: ${SUITES.join(', ')} (default: all)
  --no-write              print the tables, leave docs/benchmarks.md and its charts alone
  --runtime=dist|tsx      run the apps from dist/ (default; falls back to tsx if the build fails)
                          or from source through tsx
  --node-flags="FLAGS"    extra node flags for every server and the baseline,
                          e.g. --node-flags="--max-old-space-size=128"
  -h, --help              print this help and exit

Environment:
  BENCH_QUIET_WAIT_SEC    how long to wait for the CPUs to be quiet first (default 120)
  BENCH_LOG_LEVEL         the servers' LOG_LEVEL (default info)
`;

/** Exits with the usage on stderr (status 2) for a command line we do not understand. */
function usageError(message: string): never {
  process.stderr.write(`bench: ${message}\n\n${USAGE}`);
  process.exit(2);
}

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const FLAGS = ['quick', 'no-write'];
const OPTIONS = ['only', 'runtime', 'node-flags'];
for (const arg of argv) {
  const name = /^--([a-z-]+)(=|$)/.exec(arg);
  if (name && FLAGS.includes(name[1]!) && name[2] === '') continue;
  if (name && OPTIONS.includes(name[1]!) && name[2] === '=') continue;
  usageError(name && OPTIONS.includes(name[1]!) ? `${arg} needs a value: --${name[1]}=…` : arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument ${arg}`);
}
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => {
  const arg = argv.findLast((a) => a.startsWith(`--${name}=`));
  return arg === undefined ? undefined : arg.slice(name.length + 3);
};
const only = (option('only')?.split(',') ?? [...SUITES]) as Suite[];
const unknown = only.filter((s) => !SUITES.includes(s));
if (unknown.length > 0) usageError(`unknown suite(s) ${unknown.map((x) => `'${x}'`).join(', ')}; known: ${SUITES.join(', ')}`);
const runtimeOption = option('runtime');
if (runtimeOption !== undefined && runtimeOption !== 'dist' && runtimeOption !== 'tsx') usageError(`--runtime must be dist or tsx, not ${runtimeOption}`);
const durations = flag('quick') ? QUICK : FULL;
const write = !flag('no-write');
const docFile = join(ROOT, 'docs/benchmarks.md');
const log = (msg: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);

/** dist/ bundles when `npm run build` works (what production runs), else the sources via tsx. */
function chooseRuntime(): Runtime {
  const wanted = option('runtime') as Runtime | undefined;
  if (wanted === 'tsx') return 'tsx';
  log('npm run build');
  const build = spawnSync(process.execPath, [join(ROOT, 'tools/build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  const needed = only.includes('bundle') ? (['gateway', 'recipe-service', 'bundle-worker'] as const) : (['gateway', 'recipe-service'] as const);
  if (build.status === 0 && distAvailable([...needed])) return 'dist';
  if (wanted === 'dist') throw new Error(`build failed:\n${build.stderr}`);
  log(`build failed, running the apps from source through tsx:\n${build.stderr.split('\n').slice(0, 3).join('\n')}`);
  return 'tsx';
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    log(`over the ${BUDGET_MS / 60_000} min budget, giving up`);
    process.exit(2);
  }, BUDGET_MS);
  watchdog.unref();

  const runtime = chooseRuntime();
  const extra = option('node-flags')?.split(' ').filter(Boolean) ?? [];
  const base = launchFor(runtime);
  const launch = { ...base, nodeFlags: [...base.nodeFlags, ...extra] };
  const logDir = mkdtempSync(join(tmpdir(), 'aicr-bench-'));
  const recipesDir = join(ROOT, 'recipes');
  const ctx = { launch, logDir, recipesDir, d: durations, log };
  log(`runtime ${runtime}; server logs in ${logDir}`);

  const quietWaitMs = Number(process.env.BENCH_QUIET_WAIT_SEC ?? 120) * 1000;
  const busy = await waitForQuiet(quietWaitMs, 0.25, log);
  const before = loadavg();
  log(`starting with the CPUs ${(busy * 100).toFixed(0)}% busy, load average ${before.map((x) => x.toFixed(2)).join(' ')}`);

  const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  const m = machine();
  const sections: Array<[string, string]> = [];
  // Before each later suite too: other people's test runs come and go during a run.
  const calm = () => waitForQuiet(quietWaitMs / 2, 0.25, log);
  if (only.includes('http')) sections.push(['http', renderHttp(await runHttpSuite(ctx))]);
  let charts: ScalingCharts | undefined;
  if (only.includes('scaling')) {
    const scaling = await calm().then(() => runScalingSuite(ctx));
    sections.push(['scaling', renderScaling(scaling)]);
    charts = await renderScalingCharts(scaling);
  }
  if (only.includes('bundle')) sections.push(['bundle', renderBundle(await calm().then(() => runBundleSuite(ctx)))]);
  // Each section is stamped with the run that produced it: a partial run leaves the others' stamps.
  const stamp = `_Measured ${m.date} with \`${command}\`._\n\n`;
  for (const s of sections) s[1] = stamp + s[1];
  sections.unshift(['run', renderRun(m, command, runtime, durations, { before, after: loadavg() }, extra)]);

  for (const [name, markdown] of sections) {
    console.log(`\n${markdown}\n`);
    if (write) writeSection(docFile, name, markdown);
  }
  if (write && charts) {
    for (const name of ['catalog', 'bundle'] as const) {
      const file = join(dirname(docFile), SCALING_CHART_FILES[name]);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, charts[name]);
      log(`wrote ${file}`);
    }
  }
  if (write) log(`updated ${docFile}`);
  // Info-level server logs of a full run are a few hundred MB; kept only when a run fails.
  rmSync(logDir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    log(`failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
