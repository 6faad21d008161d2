/**
 * The seed's client workflows, driven against a set of gateways:
 * - "Complete Workflow Example": recipe → POST /v1/bundle?bundlers=gpu-operator → unzip →
 *   `sha256sum -c checksums.txt` in gpu-operator/ and at the root;
 * - "Shell Script (Batch Processing)": recipes for several environments, here each followed by
 *   its full bundle, every checksums.txt of which is verified.
 *
 * Requests go round-robin over the gateways, like a load balancer. A request a gateway could not
 * take (connection refused or reset: it is stopping) or answered with a retryable 503 goes to
 * the next gateway, as a load balancer's retry or the client's Retry-After would; every such
 * hop is recorded, so "no request lost" is checkable.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Base URL of the gateway that answered. */
  gateway: string;
}

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);

function send(url: string, method: string, body?: Buffer | string, headers: Record<string, string> = {}): Promise<Omit<Reply, 'gateway'>> {
  return new Promise((resolve, reject) => {
    // agent: false → a new connection per request, so a stopping gateway refuses it cleanly.
    const req = httpRequest(url, { method, headers, agent: false, timeout: 120_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

function isRetryable503(r: Omit<Reply, 'gateway'>): boolean {
  if (r.status !== 503) return false;
  try {
    return (JSON.parse(r.body.toString()) as { retryable?: boolean }).retryable !== false;
  } catch {
    return true;
  }
}

export class GatewayPool {
  private cursor = 0;
  /** Responses per gateway. */
  readonly served = new Map<string, number>();
  /** Every hop to another gateway: which one failed and how. */
  readonly failovers: { gateway: string; reason: string }[] = [];

  constructor(readonly gateways: string[], private readonly maxAttempts = 12) {
    for (const g of gateways) this.served.set(g, 0);
  }

  async request(method: string, path: string, body?: Buffer | string, headers?: Record<string, string>): Promise<Reply> {
    let last = '';
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const gateway = this.gateways[this.cursor++ % this.gateways.length];
      try {
        const r = await send(`${gateway}${path}`, method, body, headers);
        if (isRetryable503(r)) {
          last = `503 ${r.body.toString().slice(0, 200)}`;
          this.failovers.push({ gateway, reason: last });
          // Retry-After is 1 s; the next gateway may well be able to serve now, so wait less.
          await new Promise((resolve) => setTimeout(resolve, 200));
          continue;
        }
        this.served.set(gateway, (this.served.get(gateway) ?? 0) + 1);
        return { ...r, gateway };
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (!(e.code && CONNECTION_ERRORS.has(e.code)) && e.message !== 'socket hang up') throw err;
        last = `${e.code ?? e.message}`;
        this.failovers.push({ gateway, reason: last });
      }
    }
    throw new Error(`${method} ${path}: no gateway served it in ${this.maxAttempts} attempts (last: ${last})`);
  }
}

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error(`\`${cmd}\` is not installed; the seed workflow needs it (Debian: apt-get install ${cmd === 'unzip' ? 'unzip' : 'coreutils'})`));
        return;
      }
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

export interface ChecksumResult {
  /** Folder of the checksums.txt, relative to the unzipped bundle ('' = root). */
  dir: string;
  files: number;
  ok: boolean;
  output: string;
}

/** `sha256sum -c checksums.txt` in `dir`. */
export async function verifyChecksums(root: string, dir: string): Promise<ChecksumResult> {
  const { code, out } = await run('sha256sum', ['-c', 'checksums.txt'], join(root, dir));
  const files = out.split('\n').filter((l) => / OK$/.test(l)).length;
  return { dir, files, ok: code === 0 && files > 0, output: out };
}

/** Every folder of an unzipped bundle that holds a checksums.txt. */
export function checksumDirs(root: string, dir = ''): string[] {
  const here = join(root, dir);
  const out: string[] = [];
  for (const name of readdirSync(here).sort()) {
    const rel = dir ? `${dir}/${name}` : name;
    if (statSync(join(root, rel)).isDirectory()) out.push(...checksumDirs(root, rel));
    else if (name === 'checksums.txt') out.push(dir);
  }
  return out;
}

async function unzip(zip: Buffer, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'bundles.zip'), zip);
  const target = join(dir, 'deployment');
  const { code, out } = await run('unzip', ['-q', 'bundles.zip', '-d', 'deployment'], dir);
  if (code !== 0) throw new Error(`unzip failed: ${out}`);
  return target;
}

function expectStatus(r: Reply, status: number, what: string): void {
  if (r.status !== status) throw new Error(`${what}: ${r.gateway} answered ${r.status}: ${r.body.toString().slice(0, 500)}`);
}

export interface BundleRun {
  criteria: string;
  /** "name: version" per componentRef, as the seed's jq line prints them. */
  components: string[];
  gateways: { recipe: string; bundle: string };
  checksums: ChecksumResult[];
  zipBytes: number;
}

/** Recipe for `criteria` → bundle (optionally `?bundlers=`) → unzip → every checksums.txt verified. */
export async function recipeToVerifiedBundle(pool: GatewayPool, criteria: string, dir: string, bundlers?: string): Promise<BundleRun> {
  const recipe = await pool.request('GET', `/v1/recipe?${criteria}`);
  expectStatus(recipe, 200, `GET /v1/recipe?${criteria}`);
  const parsed = JSON.parse(recipe.body.toString()) as { componentRefs?: { name: string; version?: string }[] };
  const components = (parsed.componentRefs ?? []).map((c) => `${c.name}: ${c.version ?? ''}`);
  const path = bundlers ? `/v1/bundle?bundlers=${encodeURIComponent(bundlers)}` : '/v1/bundle';
  const bundle = await pool.request('POST', path, recipe.body, { 'content-type': 'application/json' });
  expectStatus(bundle, 200, `POST ${path} (${criteria})`);
  if (bundle.headers['content-type'] !== 'application/zip') throw new Error(`POST ${path}: content-type ${bundle.headers['content-type']}`);
  const deployment = await unzip(bundle.body, dir);
  const checksums = await Promise.all(checksumDirs(deployment).map((d) => verifyChecksums(deployment, d)));
  return { criteria, components, gateways: { recipe: recipe.gateway, bundle: bundle.gateway }, checksums, zipBytes: bundle.body.length };
}

/** The seed's "Complete Workflow Example" (H100, EKS, training; gpu-operator bundle). */
export const COMPLETE_WORKFLOW = { criteria: 'accelerator=h100&service=eks&intent=training', bundlers: 'gpu-operator' };

/** The seed's "Shell Script (Batch Processing)" environments. */
export const BATCH_ENVIRONMENTS = [
  'os=ubuntu&accelerator=h100&service=eks',
  'os=ubuntu&accelerator=gb200&service=gke',
  'os=rhel&accelerator=a100&service=aks',
];

/** Sums a counter family's samples from Prometheus text, optionally only those matching `labels`. */
export function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(m[4]);
  }
  return sum;
}

export async function fetchText(url: string): Promise<string> {
  const r = await send(url, 'GET');
  if (r.status !== 200) throw new Error(`GET ${url}: ${r.status}`);
  return r.body.toString();
}
