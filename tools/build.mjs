#!/usr/bin/env node
// Production build: one ESM bundle per app in dist/<app>/main.js. Our own libs (@aicr/*, which
// ship as TypeScript source) are bundled in; third-party packages stay external and come from
// `npm ci --omit=dev`, so the image holds each dependency once and native add-ons are untouched.
//
// Code splitting: every `await import()` of the sources stays a real lazy import (a chunk next to
// main.js, loaded on first use) instead of being inlined into main.js with its third-party
// imports hoisted to the top. Without it, a one-process gateway loaded bullmq and ioredis at
// start-up although only the queue mode uses them (~16 MB of RSS, docs/benchmarks.md fix 6).
//
// `node tools/build.mjs [outDir]`: outDir defaults to dist/ (what the image and the benchmarks
// run); apps/gateway/src/build-output.test.ts builds into a temp dir to check the module graph.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const outRoot = resolve(process.argv[2] ?? `${root}dist`);
const apps = ['gateway', 'recipe-service', 'bundle-worker'];

// Third-party packages bundled in anyway. typebox ships as ~700 small ES modules: loaded from
// node_modules, each module costs its own record, namespace and compile, ~20 MB of RSS and ~5 MB
// of heap in every process, for the few schema builders and the one checker we use. Bundled and
// tree-shaken it is ~240 KB of code in a chunk. Only pure-JS ESM belongs here; it must also not
// be loaded at runtime by an external package (a second copy would have its own symbols).
const bundledThirdParty = /^typebox(\/|$)/;

const externalThirdParty = {
  name: 'external-third-party',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@aicr/') || bundledThirdParty.test(args.path) ? undefined : { path: args.path, external: true },
    );
  },
};

rmSync(outRoot, { recursive: true, force: true });
await Promise.all(
  apps.map((app) =>
    build({
      entryPoints: { main: `${root}apps/${app}/src/main.ts` },
      outdir: `${outRoot}/${app}`,
      bundle: true,
      splitting: true,
      chunkNames: '[name]-[hash]',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: true,
      logLevel: 'warning',
      plugins: [externalThirdParty],
    }),
  ),
);
const shown = relative(root, outRoot) || '.';
console.log(`built ${apps.map((a) => `${shown}/${a}/main.js`).join(', ')}`);
