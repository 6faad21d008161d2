#!/usr/bin/env node
// Production build: one ESM bundle per app in dist/<app>/main.js. Our own libs (@aicr/*, which
// ship as TypeScript source) are bundled in; third-party packages stay external and come from
// `npm ci --omit=dev`, so the image holds each dependency once and native add-ons are untouched.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const apps = ['gateway', 'recipe-service', 'bundle-worker'];

const externalThirdParty = {
  name: 'external-third-party',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@aicr/') ? undefined : { path: args.path, external: true }));
  },
};

rmSync(`${root}dist`, { recursive: true, force: true });
await Promise.all(
  apps.map((app) =>
    build({
      entryPoints: [`${root}apps/${app}/src/main.ts`],
      outfile: `${root}dist/${app}/main.js`,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: true,
      logLevel: 'warning',
      plugins: [externalThirdParty],
    }),
  ),
);
console.log(`built ${apps.map((a) => `dist/${a}/main.js`).join(', ')}`);
