/**
 * Property pass over plan + render (BUNDLES.md §15, API.md H17–H24): random strings — canary
 * shell payloads, newlines, quotes, `--flags`, look-alikes, arbitrary code points — in every
 * user-controlled field of a bundle request. For each request the planner either refuses it
 * with a 4xx AicrError or plans it, and the renderer then produces a bundle (or a 4xx) whose
 * every YAML file parses and whose every script passes `bash -n`. The scripts of each bundle
 * are then run, in a few batched bash processes, with stub helm/kubectl/jq/kustomize on PATH:
 * the canary file a payload would create must never appear.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AicrError, type BundleFile } from '@aicr/contracts';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planBundle } from '../plan/plan';
import { upstreamCatalog } from '../plan/test-support';
import { renderComponent } from './render-component';
import { renderRoot } from './render-root';

const dir = mkdtempSync(join(tmpdir(), 'aicr-render-fuzz-'));
const canary = join(dir, 'pwned');
const bin = join(dir, 'bin');
const argvLog = join(dir, 'argv.log');

const PAYLOADS = [
  `$(touch ${canary})`,
  `\`touch ${canary}\``,
  `'; touch ${canary}; '`,
  `"; touch ${canary}; #`,
  `x\ntouch ${canary}`,
  `--post-renderer=/usr/bin/touch`,
  `-x`,
  `a\u0000b`,
  'ｅｋｓ',
  '\u212Aind',
  `x: y\ninjected: true`,
  '{{ .Values }}',
  '*',
  '~',
];

const hostile = fc.oneof(fc.constantFrom(...PAYLOADS), fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 12 }));
/** Mostly valid (so many requests reach the renderer), sometimes hostile. */
const field = (...valid: string[]) => fc.oneof({ weight: 24, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: hostile });
// Set values may hold anything but control characters (H13): payloads go in as they are.
const setValue = fc.oneof(fc.constantFrom(...PAYLOADS), fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 12 })).filter((v) => v !== '' && !/[\u0000-\u001f\u007f]/.test(v));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });

const overrides = fc.dictionary(
  fc.oneof(fc.constantFrom('canary', 'image', 'driver', 'x: y', 'enabled'), fc.string({ maxLength: 6 })).filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k)),
  fc.oneof(hostile, fc.integer(), fc.boolean(), fc.dictionary(fc.constantFrom('name', 'version', 'create'), hostile, { maxKeys: 2 })),
  { maxKeys: 3 },
);

const componentRef = fc.record(
  {
    name: field('gpu-operator', 'cert-manager', 'skyhook-customizations', 'my-app', 'x'),
    namespace: maybe(field('gpu-operator', 'ns-1', 'kube-system')),
    version: maybe(field('v1.2.3', '1.0.0+build.1', 'v25.10.1')),
    tag: maybe(field('v1', 'main')),
    chart: maybe(field('nvidia/gpu-operator', 'x', 'a/b_c.d')),
    source: maybe(field('https://charts.example.com/x', 'oci://registry.example.com/charts', 'https://h.example/{a,b}/*?q=[x]#~')),
    type: maybe(field('Helm', 'helm', 'Kustomize', 'kustomize', '')),
    path: maybe(field('deploy/overlays/prod', 'x')),
    overrides: maybe(overrides),
    manifestFiles: maybe(fc.constantFrom(['components/gpu-operator/manifests/dcgm-exporter.yaml'], ['components/skyhook-customizations/manifests/tuning.yaml'])),
    valuesFile: maybe(field('components/gpu-operator/values.yaml', 'components/cert-manager/values.yaml')),
    manifestUrls: maybe(fc.array(field('https://raw.example.com/a.yaml', 'https://x.example/{a}/b.yaml?x=[1]'), { maxLength: 2 })),
    dependencyRefs: maybe(fc.array(field('cert-manager', 'gpu-operator'), { maxLength: 2 })),
    repository: maybe(field('https://charts.example.com/r')),
  },
  { requiredKeys: ['name'] },
);

const query = fc.record(
  {
    set: maybe(fc.array(fc.tuple(field('gpuoperator', 'gpu-operator', 'my-app'), field('a', 'canary.b', 'driver.version'), setValue).map(([k, p, v]) => `${k}:${p}=${v}`), { maxLength: 3 })),
    'system-node-selector': maybe(field('nodeGroup=system', 'a=b')),
    'accelerated-node-selector': maybe(field('nvidia.com/gpu.present=true')),
    'system-node-toleration': maybe(field('dedicated=system:NoSchedule', 'k:NoExecute')),
    'accelerated-node-toleration': maybe(field('nvidia.com/gpu=present:NoSchedule')),
    'workload-gate': maybe(field('skyhook.io/gate=1:NoSchedule')),
    'workload-selector': maybe(field('team=ml')),
    deployer: maybe(field('helm', 'argocd', 'ARGOCD')),
    repo: maybe(field('https://git.example.com/org/repo.git', 'git@git.example.com:org/repo.git')),
    nodes: maybe(field('0', '8')),
    bundlers: maybe(field('gpu-operator', 'cert-manager,gpu-operator')),
  },
  { requiredKeys: [] },
);

const request = fc.record({
  query,
  refs: fc.uniqueArray(componentRef, { minLength: 1, maxLength: 2, selector: (r) => r.name }),
  criteria: maybe(fc.dictionary(fc.constantFrom('service', 'accelerator', 'os'), hostile, { maxKeys: 2 })),
  kind: maybe(hostile),
  apiVersion: maybe(hostile),
  metadata: maybe(fc.record({ version: hostile, appliedOverlays: fc.array(hostile, { maxLength: 2 }) })),
  constraints: maybe(fc.array(fc.record({ name: hostile, value: hostile }), { maxLength: 2 })),
  deploymentOrder: maybe(fc.array(field('gpu-operator', 'cert-manager', 'my-app'), { maxLength: 3 })),
});

interface Rendered {
  id: number;
  files: BundleFile[];
}

const stats = { requests: 0, refused4xx: 0, rendered: 0, renderRefused4xx: 0 };
const bundles: Rendered[] = [];

beforeAll(() => {
  mkdirSync(bin);
  writeFileSync(argvLog, '');
  for (const tool of ['helm', 'kubectl', 'jq', 'kustomize']) {
    const gone = tool === 'kubectl' ? 'if [[ "$1" == get && "$2" == namespace ]]; then exit 1; fi\n' : '';
    writeFileSync(join(bin, tool), `#!/usr/bin/env bash\n{ printf '%s\\0' ${tool} "$@"; printf '\\n'; } >> '${argvLog}'\nif [[ ! -t 0 ]]; then cat > /dev/null; fi\n${gone}exit 0\n`);
    chmodSync(join(bin, tool), 0o755);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 4xx AicrError is a refusal; anything else thrown is a defect. */
function refusal(e: unknown): boolean {
  if (e instanceof AicrError && e.status >= 400 && e.status < 500) return true;
  throw new Error(`not a 4xx AicrError: ${e instanceof AicrError ? `${e.status} ${e.message} ${JSON.stringify(e.details)}` : ((e as Error)?.stack ?? String(e))}`);
}

describe('property: planBundle + renderComponent/renderRoot on hostile strings', () => {
  it('every request is refused with a 4xx or renders files that parse', async () => {
    const catalog = await upstreamCatalog();
    fc.assert(
      fc.property(request, (r) => {
        stats.requests++;
        const { query: _q, refs, ...top } = r;
        const body = JSON.stringify({ ...top, componentRefs: refs });
        let plan;
        try {
          plan = planBundle({ query: r.query, body, catalog, allowlists: {}, allowedSources: null, version: 'fuzz', sourceDateEpoch: null });
        } catch (e) {
          if (refusal(e)) stats.refused4xx++;
          return;
        }
        let files: BundleFile[];
        try {
          const results = plan.components.map((c) => renderComponent(plan, c));
          files = [...renderRoot(plan, results), ...results.flatMap((x) => x.files)];
        } catch (e) {
          if (refusal(e)) stats.renderRefused4xx++;
          return;
        }
        stats.rendered++;
        for (const f of files) {
          expect(f.path.startsWith('/') || f.path.includes('\\') || f.path.split('/').includes('..'), f.path).toBe(false);
          if (f.path.endsWith('.yaml')) {
            for (const d of parseAllDocuments(f.content)) expect(d.errors, `${f.path}: ${d.errors[0]?.message}`).toEqual([]);
          }
        }
        bundles.push({ id: bundles.length, files });
      }),
      { numRuns: 300 },
    );
    console.log(`render fuzz: ${JSON.stringify(stats)}`);
    // Enough of each outcome for the pass to mean something (typically ~40 rendered of 300).
    expect(stats.rendered).toBeGreaterThanOrEqual(10);
    expect(stats.refused4xx).toBeGreaterThan(20);
  }, 120_000);

  it('every generated script passes bash -n; a dozen bundles pass shellcheck too', () => {
    const scripts: string[] = [];
    for (const b of bundles) {
      for (const f of b.files) {
        const p = join(dir, `b${b.id}`, f.path);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, f.content, { mode: f.mode });
        if (f.path.endsWith('.sh')) scripts.push(p);
      }
    }
    expect(scripts.length).toBeGreaterThanOrEqual(20);
    const r = spawnSync('bash', ['-c', 'for f in "$@"; do bash -n "$f" 2>&1 || printf "FAILED %s\\n" "$f"; done', 'check', ...scripts], { encoding: 'utf8' });
    expect(r.stdout).toBe('');
    // BUNDLES.md §15.2 item 2: no shellcheck finding at warning level either. shellcheck is slow
    // (~50 ms a script) and the scripts of different runs differ only in their quoted words, so
    // one process checks the scripts of the first dozen bundles.
    const sample = scripts.filter((p) => Number(/\/b(\d+)\//.exec(p)?.[1]) < bundles[Math.min(11, bundles.length - 1)].id + 1);
    expect(sample.length).toBeGreaterThanOrEqual(10);
    const sc = spawnSync('shellcheck', ['--severity=warning', '-f', 'gcc', ...sample], { encoding: 'utf8' });
    expect(`${sc.stdout}${sc.stderr}`).toBe('');
    expect(sc.status).toBe(0);
  }, 120_000);

  it('running every bundle against stub CLIs executes no injected command', async () => {
    const roots = bundles.filter((b) => b.files.some((f) => f.path === 'deploy.sh')).map((b) => join(dir, `b${b.id}`));
    expect(roots.length).toBeGreaterThanOrEqual(5);
    // Four bash processes, each running its share of bundles one after another.
    const batches = [0, 1, 2, 3].map((k) => roots.filter((_, i) => i % 4 === k));
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, HOME: dir, TMPDIR: dir };
    const loop = 'for d in "$@"; do bash "$d/deploy.sh" --no-wait --retries 0 </dev/null >/dev/null 2>&1 || echo "deploy failed: $d"; bash "$d/undeploy.sh" --timeout 1 </dev/null >/dev/null 2>&1 || echo "undeploy failed: $d"; done';
    const outputs = await Promise.all(
      batches.map(
        (batch) =>
          new Promise<string>((resolve) => {
            const p = spawn('bash', ['-c', loop, 'run', ...batch], { env, cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
            let out = '';
            p.stdout.on('data', (c: Buffer) => (out += c.toString()));
            p.on('close', () => resolve(out));
          }),
      ),
    );
    expect(outputs.join('')).toBe('');
    expect(existsSync(canary)).toBe(false);
    const calls = readFileSync(argvLog, 'latin1').split('\n').filter((l) => l !== '');
    expect(calls.length).toBeGreaterThan(roots.length);
    // No payload fragment ever reached a CLI as an argument.
    expect(calls.filter((l) => l.includes('touch'))).toEqual([]);
    console.log(`render fuzz: ran ${roots.length} bundles, ${calls.length} stub calls, canary absent`);
  }, 120_000);
});
