/**
 * The production build (tools/build.mjs) keeps what a mode does not use out of the gateway's
 * start-up, and its output runs. Loading bullmq + ioredis in a one-process gateway, or typebox
 * as ~700 separate ES modules, cost ~36 MB of RSS in every gateway (docs/benchmarks.md, fix 6):
 * a static import of @aicr/queue, or an esbuild setting that inlines the lazy imports, would
 * bring that back without failing anything else.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort, repoRoot, spawnProcess, waitForPort } from '@aicr/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let out: string;
beforeAll(() => {
  // Inside the repository, so the bundles resolve their third-party imports from node_modules/.
  const cache = join(repoRoot, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  out = mkdtempSync(join(cache, 'aicr-build-'));
  const build = spawnSync(process.execPath, [join(repoRoot, 'tools/build.mjs'), out], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  if (build.status !== 0) throw new Error(`tools/build.mjs failed:\n${build.stdout}${build.stderr}`);
}, 150_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** esbuild's ESM output: `import … from "x";` / `import "x";` statements and `import("x")` calls. */
function importsOf(file: string): { static: string[]; dynamic: string[] } {
  const text = readFileSync(file, 'utf8');
  const statics = [...text.matchAll(/^import\s+(?:[^;"']*?\s+from\s+)?"([^"]+)";/gm)].map((m) => m[1]!);
  const dynamics = [...text.matchAll(/\bimport\("([^"]+)"\)/g)].map((m) => m[1]!);
  return { static: statics, dynamic: dynamics };
}

/** Third-party packages loaded when `entry` loads (static imports only, through our chunks). */
function startupPackages(entry: string): { packages: Set<string>; lazyChunks: Set<string> } {
  const packages = new Set<string>();
  const lazyChunks = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const { static: statics, dynamic } = importsOf(file);
    for (const spec of statics) {
      if (spec.startsWith('./')) visit(join(dirname(file), spec));
      else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
    for (const spec of dynamic) if (spec.startsWith('./')) lazyChunks.add(join(dirname(file), spec));
  };
  visit(entry);
  for (const chunk of seen) lazyChunks.delete(chunk);
  return { packages, lazyChunks };
}

describe('tools/build.mjs output', () => {
  it('gateway start-up loads neither the queue (bullmq, ioredis) nor typebox from node_modules; the queue stays a lazy chunk', () => {
    const { packages, lazyChunks } = startupPackages(join(out, 'gateway/main.js'));
    expect(packages.has('fastify')).toBe(true);
    for (const name of ['bullmq', 'ioredis', 'typebox', '@opentelemetry/sdk-node']) expect(packages.has(name), name).toBe(false);
    expect([...packages].filter((p) => p.startsWith('@aicr/'))).toEqual([]);
    const lazyPackages = new Set([...lazyChunks].flatMap((chunk) => [...startupPackages(chunk).packages]));
    expect(lazyPackages.has('bullmq')).toBe(true);
  });

  it('recipe service and bundle worker bundle typebox too', () => {
    for (const app of ['recipe-service', 'bundle-worker']) {
      expect(existsSync(join(out, app, 'main.js')), app).toBe(true);
      expect(startupPackages(join(out, app, 'main.js')).packages.has('typebox'), app).toBe(false);
    }
  });

  it('the built one-process gateway serves a recipe, /openapi.json and /docs without loading bullmq or ioredis', async () => {
    const port = await freePort();
    const report = join(out, 'loaded-modules.json');
    // On exit (SIGTERM → graceful shutdown → exit 0), the CommonJS modules loaded so far.
    const preload = `import { createRequire } from 'node:module'; import { writeFileSync } from 'node:fs';
      const require = createRequire(${JSON.stringify(join(out, 'gateway/main.js'))});
      process.on('exit', () => writeFileSync(${JSON.stringify(report)}, JSON.stringify(Object.keys(require.cache))));`;
    const p = spawnProcess([process.execPath, '--import', `data:text/javascript,${encodeURIComponent(preload)}`, join(out, 'gateway/main.js')], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', AICR_RECIPES_DIR: join(repoRoot, 'recipes') },
    });
    try {
      await waitForPort(port, '127.0.0.1', 20_000).catch((e: Error) => {
        throw new Error(`${e.message}\n${p.output().slice(-2000)}`);
      });
      const recipe = await fetch(`http://127.0.0.1:${port}/v1/recipe?service=eks&accelerator=h100&intent=training&os=ubuntu`);
      expect(recipe.status).toBe(200);
      expect(((await recipe.json()) as { kind: string }).kind).toBe('RecipeResult');
      const doc = await fetch(`http://127.0.0.1:${port}/openapi.json`);
      expect(doc.status).toBe(200);
      expect(((await doc.json()) as { openapi: string }).openapi).toBe('3.1.0');
      expect((await fetch(`http://127.0.0.1:${port}/docs`, { redirect: 'manual' })).status).toBeLessThan(400);
      p.signal('SIGTERM');
      expect(await p.exited).toBe(0);
    } finally {
      p.kill();
    }
    const loaded = JSON.parse(readFileSync(report, 'utf8')) as string[];
    expect(loaded.some((m) => m.includes('/node_modules/fastify/'))).toBe(true);
    expect(loaded.filter((m) => /\/node_modules\/(bullmq|ioredis)\//.test(m))).toEqual([]);
  }, 60_000);
});
