/**
 * Child process of the scaling suite (one per catalog, so heap and RSS are this catalog's
 * alone): load time, retained heap, and uncached resolve/query times. Prints one JSON line.
 *
 *   node --expose-gc --import tsx bench/scaling/measure-catalog.ts <dir> <copies> <iterations>
 *
 * copies = 0 means our own catalog as is (leaf criteria with nodes 0).
 */
import { performance } from 'node:perf_hooks';
import { ANY_CRITERIA, type Criteria } from '@aicr/contracts';
import { loadCatalog, RecipeEngine } from '@aicr/recipe-engine';
import { percentile } from '../lib/load';
import { procStatusMb } from '../lib/processes';

const [dir, copiesArg, itersArg] = process.argv.slice(2);
const copies = Number(copiesArg);
const iterations = Number(itersArg);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (n: number) => n / 1024 / 1024;

gc();
const heapBefore = process.memoryUsage().heapUsed;
let t = performance.now();
// CPU time next to wall time: on a shared machine the CPU time is the steadier of the two.
const cpuBefore = process.cpuUsage();
const catalog = await loadCatalog(dir!);
const loadMs = performance.now() - t;
const cpu = process.cpuUsage(cpuBefore);
const loadCpuMs = (cpu.user + cpu.system) / 1000;
gc();
const heapMb = mb(process.memoryUsage().heapUsed - heapBefore);

const leaf = (i: number): { criteria: Criteria; selector: string } => {
  const base = { ...ANY_CRITERIA, service: 'eks', accelerator: 'h100', intent: 'training', os: 'ubuntu' } as Criteria;
  if (copies === 0) return { criteria: base, selector: 'components.gpu-operator.values.driver.version' };
  const k = i % copies;
  return { criteria: { ...base, nodes: k + 1 }, selector: `components.gpu-operator-r${k}.values.driver.version` };
};

// A fresh engine per call: its caches are empty, so every call does the whole resolution.
const resolveMs: number[] = [];
const queryMs: number[] = [];
const engineMs: number[] = [];
let components = 0;
for (let i = 0; i < iterations; i++) {
  const { criteria, selector } = leaf(i);
  t = performance.now();
  const engine = new RecipeEngine(catalog);
  engineMs.push(performance.now() - t);
  t = performance.now();
  const recipe = engine.resolve(criteria);
  resolveMs.push(performance.now() - t);
  components = recipe.componentRefs.length;
  const fresh = new RecipeEngine(catalog);
  t = performance.now();
  const value = fresh.query(criteria, selector);
  queryMs.push(performance.now() - t);
  if (typeof value !== 'string') throw new Error(`query ${selector} gave ${JSON.stringify(value)}`);
}
// The first calls pay for JIT compilation; the median of the rest is the steady state.
const steady = (xs: number[]) => xs.slice(Math.min(5, Math.floor(xs.length / 4))).sort((a, b) => a - b);
const r = steady(resolveMs);
const q = steady(queryMs);
const e = steady(engineMs);
console.log(
  JSON.stringify({
    overlays: catalog.overlays.size + 1,
    components: catalog.registry.components.length,
    files: catalog.files.size,
    loadMs,
    loadCpuMs,
    heapMb,
    rssMb: procStatusMb(process.pid, 'VmHWM'),
    recipeComponents: components,
    engineP50: percentile(e, 50),
    resolveP50: percentile(r, 50),
    resolveP95: percentile(r, 95),
    queryP50: percentile(q, 50),
    queryP95: percentile(q, 95),
  }),
);
