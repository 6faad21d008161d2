/**
 * Scaling: how load time, retained heap and uncached resolution time grow with the catalog (ours,
 * then generated copies at 1×, 10×, 100×), and how bundle time grows with the recipe (1 to 50
 * synthetic components). Each measurement runs in a child process of its own (fresh heap, own
 * RSS) from source through tsx: these are library calls, not servers.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../lib/processes';
import type { Durations } from '../lib/settings';
import { bundleCatalog, scaledCatalog } from '../scaling/generate-catalog';

export interface CatalogPoint {
  label: string;
  copies: number;
  overlays: number;
  components: number;
  files: number;
  loadMs: number;
  loadCpuMs: number;
  heapMb: number;
  rssMb: number;
  recipeComponents: number;
  resolveP50: number;
  resolveP95: number;
  queryP50: number;
  queryP95: number;
}

export interface BundlePoint {
  components: number;
  files: number;
  zipBytes: number;
  planMs: number;
  renderMs: number;
  zipMs: number;
  totalMs: number;
}

export interface ScalingResults {
  catalogs: CatalogPoint[];
  bundles: BundlePoint[];
}

interface Ctx {
  d: Durations;
  log: (msg: string) => void;
}

const CHILD_TIMEOUT_MS = 5 * 60_000;

function child(script: string, args: string[], flags: string[] = []): string[] {
  const res = spawnSync(process.execPath, [...flags, '--import', 'tsx', join(ROOT, 'bench/scaling', script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: CHILD_TIMEOUT_MS,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (res.status !== 0) throw new Error(`${script} ${args.join(' ')} failed (${res.status ?? res.signal}):\n${res.stderr}`);
  return res.stdout.trim().split('\n').filter(Boolean);
}

export async function runScalingSuite(ctx: Ctx): Promise<ScalingResults> {
  const tmp = mkdtempSync(join(tmpdir(), 'aicr-bench-catalogs-'));
  // Enough calls past the JIT warm-up for a stable median and p95.
  const iterations = Math.max(20, ctx.d.measureSec * 10);
  try {
    const catalogs: CatalogPoint[] = [];
    const measure = (label: string, dir: string, copies: number) => {
      ctx.log(`scaling: catalog ${label}`);
      const out = JSON.parse(child('measure-catalog.ts', [dir, String(copies), String(iterations)], ['--expose-gc']).at(-1)!);
      catalogs.push({ label, copies, ...out });
    };
    measure('ours (recipes/)', join(ROOT, 'recipes'), 0);
    for (const copies of [1, 10, 100]) {
      const dir = join(tmp, `x${copies}`);
      scaledCatalog(join(ROOT, 'recipes'), dir, copies);
      measure(`generated ${copies}×`, dir, copies);
    }

    ctx.log('scaling: bundle time by recipe size');
    const dir = join(tmp, 'bundle');
    bundleCatalog(dir, 50);
    const sizes = [1, 5, 10, 20, 30, 40, 50];
    const bundles = child('measure-bundle.ts', [dir, String(Math.max(5, ctx.d.bundleSamples / 4)), sizes.join(',')]).map((l) => JSON.parse(l) as BundlePoint);
    return { catalogs, bundles };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
