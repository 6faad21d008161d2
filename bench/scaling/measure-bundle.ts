/**
 * Child process of the scaling suite: bundle time as a recipe grows, in-process (no HTTP, no
 * queue), split into plan (planBundle), render (renderComponent per component) and zip
 * (assembleBundle). Prints one JSON line per recipe size.
 *
 *   node --import tsx bench/scaling/measure-bundle.ts <catalog dir> <iterations> <size,size,...>
 */
import { performance } from 'node:perf_hooks';
import { ANY_CRITERIA } from '@aicr/contracts';
import { assembleBundle, planBundle, renderComponent } from '@aicr/bundler';
import { loadCatalog, parseAllowlists, RecipeEngine } from '@aicr/recipe-engine';
import { percentile } from '../lib/load';

const [dir, itersArg, sizesArg] = process.argv.slice(2);
const iterations = Number(itersArg);
const sizes = sizesArg!.split(',').map(Number);
const catalog = await loadCatalog(dir!);
const full = new RecipeEngine(catalog).resolve(ANY_CRITERIA);
const allowlists = parseAllowlists({});

for (const n of sizes) {
  // The first n components: each depends only on the one before, so any prefix is a valid recipe.
  const refs = full.componentRefs.slice(0, n);
  const names = new Set(refs.map((r) => r.name));
  const body = JSON.stringify({ ...full, componentRefs: refs, deploymentOrder: full.deploymentOrder.filter((c) => names.has(c)) });
  const plan: number[] = [];
  const render: number[] = [];
  const zip: number[] = [];
  const total: number[] = [];
  let files = 0;
  let bytes = 0;
  // Two untimed rounds first: JIT warm-up, as a long-running worker would be.
  for (let i = -2; i < iterations; i++) {
    const t0 = performance.now();
    const p = planBundle({ query: {}, body, catalog, allowlists, version: 'bench', sourceDateEpoch: null });
    const t1 = performance.now();
    const results = p.components.map((c) => renderComponent(p, c));
    const t2 = performance.now();
    const artifact = await assembleBundle(p, results);
    const t3 = performance.now();
    if (i < 0) continue;
    plan.push(t1 - t0);
    render.push(t2 - t1);
    zip.push(t3 - t2);
    total.push(t3 - t0);
    files = artifact.files;
    bytes = artifact.zip.length;
  }
  const p50 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
  console.log(JSON.stringify({ components: n, files, zipBytes: bytes, planMs: p50(plan), renderMs: p50(render), zipMs: p50(zip), totalMs: p50(total) }));
}
