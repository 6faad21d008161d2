/**
 * Shared by the hostile-input suites (API.md §12, BUNDLES.md §15): the ledger that counts what
 * was tried and how it was handled, the prototype-pollution probe, and the sandbox that runs a
 * generated bundle's scripts with stub `helm`/`kubectl`/`jq`/`kustomize` on PATH, so an injected
 * command would run for real and leave a canary file behind.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildObservedApp } from '../../apps/gateway/src/test-support/observed-app';

export interface Outcome {
  row: string;
  name: string;
  expected: number;
  status: number;
  /** Status, code and message (and details where the spec fixes them) as documented. */
  ok: boolean;
  /** Time to the answer, when measured: the costliest inputs are printed. */
  ms?: number;
}

/** What a suite tried and how the server answered; printed as a table at the end. */
export class Ledger {
  readonly outcomes: Outcome[] = [];
  crashes = 0;
  injectedCommands = 0;
  constructor(readonly title: string) {}

  record(o: Outcome): void {
    this.outcomes.push(o);
  }

  get counts() {
    const o = this.outcomes;
    return {
      inputs: o.length,
      handledAsDocumented: o.filter((x) => x.ok).length,
      fiveXX: o.filter((x) => x.status >= 500).length,
      crashes: this.crashes,
      prototypePollution: pollutionFindings().length,
      injectedCommandsExecuted: this.injectedCommands,
    };
  }

  /** One line per H-row (inputs, handled), then the totals; returns the text it printed. */
  print(): string {
    const byRow = new Map<string, { n: number; ok: number; statuses: Set<number> }>();
    for (const o of this.outcomes) {
      const r = byRow.get(o.row) ?? { n: 0, ok: 0, statuses: new Set<number>() };
      r.n++;
      if (o.ok) r.ok++;
      r.statuses.add(o.status);
      byRow.set(o.row, r);
    }
    const rowKey = (k: string) => {
      const m = /^([A-Z]+)(\d+)?(.*)$/.exec(k);
      return m ? `${m[1]}${(m[2] ?? '').padStart(3, '0')}${m[3]}` : k;
    };
    const lines = [`${this.title}`, 'row      inputs  handled  statuses'];
    for (const [row, r] of [...byRow.entries()].sort((a, b) => rowKey(a[0]).localeCompare(rowKey(b[0])))) {
      lines.push(`${row.padEnd(8)} ${String(r.n).padStart(6)}  ${String(r.ok).padStart(7)}  ${[...r.statuses].sort().join(',')}`);
    }
    const c = this.counts;
    lines.push(
      `inputs tried ${c.inputs}, handled with the documented status ${c.handledAsDocumented}, 5xx ${c.fiveXX}, ` +
        `crashes ${c.crashes}, prototype pollution ${c.prototypePollution}, injected commands executed ${c.injectedCommandsExecuted}`,
    );
    const slowest = this.outcomes.filter((x) => x.ms !== undefined).sort((a, b) => b.ms! - a.ms!).slice(0, 3);
    if (slowest.length) lines.push(`slowest: ${slowest.map((o) => `${o.row} ${o.name} ${Math.round(o.ms!)} ms`).join('; ')}`);
    for (const o of this.outcomes.filter((x) => !x.ok)) lines.push(`NOT AS DOCUMENTED: ${o.row} ${o.name}: got ${o.status}, expected ${o.expected}`);
    const text = lines.join('\n');
    console.log(text);
    return text;
  }
}

// The built-in prototypes as they were when this module loaded: any own property added later is
// pollution, whichever code path added it.
const PROTOTYPES: Array<[string, object]> = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
];
const BASELINE = new Map(PROTOTYPES.map(([n, p]) => [n, new Set(Reflect.ownKeys(p))]));

/** Own properties added to a built-in prototype since start-up, and the usual probe names. */
export function pollutionFindings(): string[] {
  const found: string[] = [];
  for (const [name, proto] of PROTOTYPES) {
    for (const key of Reflect.ownKeys(proto)) if (!BASELINE.get(name)!.has(key)) found.push(`${name}.${String(key)}`);
  }
  const probe = {} as Record<string, unknown>;
  for (const k of ['polluted', 'isAdmin', 'x', 'injected']) if (probe[k] !== undefined) found.push(`({}).${k}`);
  return found;
}

/** The canary an injected command would create, and payloads that try to create it. */
export function canaryPayloads(canary: string): string[] {
  return [`$(touch ${canary})`, `\`touch ${canary}\``, `'; touch ${canary}; '`, `"; touch ${canary}; "`, `x\ntouch ${canary}`, `--post-renderer=/usr/bin/touch ${canary}`];
}

export interface Sandbox {
  dir: string;
  canary: string;
  /** argv of every stub call, one array per call. */
  calls(): string[][];
  close(): void;
}

/** A temp dir with stub CLIs that log their argv (NUL-separated) and succeed. */
export function sandbox(): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'aicr-hostile-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const log = join(dir, 'argv.log');
  writeFileSync(log, '');
  for (const tool of ['helm', 'kubectl', 'jq', 'kustomize']) {
    const stub = join(bin, tool);
    // Drains stdin so pipelines into it never see SIGPIPE; prints nothing, exits 0 — except that
    // `kubectl get namespace` says "not found", so undeploy's wait for deleted namespaces ends at once.
    const gone = tool === 'kubectl' ? `if [[ "$1" == get && "$2" == namespace ]]; then exit 1; fi\n` : '';
    writeFileSync(stub, `#!/usr/bin/env bash\n{ printf '%s\\0' ${tool} "$@"; printf '\\n'; } >> '${log}'\nif [[ ! -t 0 ]]; then cat > /dev/null; fi\n${gone}exit 0\n`);
    chmodSync(stub, 0o755);
  }
  return {
    dir,
    canary: join(dir, 'pwned'),
    calls: () =>
      readFileSync(log, 'latin1')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split('\0').slice(0, -1)),
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Unzips `zip` into a fresh folder under the sandbox; returns it and the entry names. */
export function unzipInto(box: Sandbox, zip: Buffer, name: string): { root: string; entries: string[] } {
  const root = join(box.dir, name);
  mkdirSync(root);
  const file = join(box.dir, `${name}.zip`);
  writeFileSync(file, zip);
  const listing = spawnSync('unzip', ['-Z1', file], { encoding: 'utf8' });
  if (listing.status !== 0) throw new Error(`unzip -Z1 failed: ${listing.stderr}`);
  const x = spawnSync('unzip', ['-q', file, '-d', root], { encoding: 'utf8' });
  if (x.status !== 0) throw new Error(`unzip failed: ${x.stderr}`);
  return { root, entries: listing.stdout.split('\n').filter((l) => l !== '') };
}

/** Every `*.sh` below `root`. */
export function scriptsIn(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e.endsWith('.sh')) out.push(relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

/** `bash -n` over many scripts in one bash process: prints the ones that fail. */
export function bashSyntaxFailures(root: string, scripts: string[]): string[] {
  const r = spawnSync('bash', ['-c', 'for f in "$@"; do bash -n "$f" 2>/dev/null || printf "%s\\n" "$f"; done', 'check', ...scripts], { cwd: root, encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => l !== '');
}

/** `shellcheck --severity=warning` over many scripts at once (BUNDLES.md §15.2 item 2): its findings. */
export function shellcheckFindings(root: string, scripts: string[]): string {
  if (scripts.length === 0) return '';
  const r = spawnSync('shellcheck', ['--severity=warning', '-f', 'gcc', ...scripts], { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? '' : `${r.stdout}${r.stderr}`.trim() || `shellcheck exited ${r.status}`;
}

/**
 * Runs the bundle's deploy and undeploy scripts (and every per-component script) with the stubs
 * first on PATH, no waiting and no retries. Returns whether the canary appeared.
 */
export function runBundleScripts(box: Sandbox, root: string): { canary: boolean; failures: string[] } {
  const env = { PATH: `${join(box.dir, 'bin')}:${process.env.PATH}`, HOME: box.dir, TMPDIR: box.dir };
  const failures: string[] = [];
  const run = (script: string, args: string[]) => {
    const r = spawnSync('bash', [join(root, script), ...args], { cwd: box.dir, env, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.status !== 0) failures.push(`${script} → ${r.status}: ${(r.stderr ?? '').slice(-300)}`);
  };
  if (existsSync(join(root, 'deploy.sh'))) run('deploy.sh', ['--no-wait', '--retries', '0']);
  if (existsSync(join(root, 'undeploy.sh'))) run('undeploy.sh', ['--timeout', '1']);
  return { canary: existsSync(box.canary), failures };
}

/**
 * The gateway as production builds it, for hostile traffic from this very process: rate limiting
 * and load shedding are not under test here, and an in-process client driving requests
 * back-to-back keeps event-loop utilisation near 1, which load shedding would rightly answer
 * with 503s.
 */
export function hostileApp(): Promise<FastifyInstance> {
  return buildObservedApp({
    env: { AICR_RATE_LIMIT: '1000000', AICR_RATE_LIMIT_BURST: '1000000' },
    loadShedding: { maxEventLoopUtilization: 1, maxEventLoopDelayMs: 60_000 },
  });
}
