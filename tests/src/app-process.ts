/**
 * One app entry point as a real Node process (tsx), its own process group, output kept for
 * diagnostics; plus a raw HTTP client that can bind a local address (a second client IP).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';

export const repoRoot = new URL('../../', import.meta.url).pathname;
const tsx = join(repoRoot, 'node_modules/.bin/tsx');

export interface AppProcess {
  child: ChildProcess;
  /** Exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  output(): string;
  /** SIGKILL to the whole group (cleanup). */
  kill(): void;
}

/** Variables a test must set explicitly, never inherit from the runner's environment. */
const SCRUBBED = ['REDIS_URL', 'RECIPE_SERVICE_URL', 'AICR_REDIS_PREFIX', 'AICR_QUEUE_PREFIX', 'PORT', 'AICR_METRICS_PORT'];

export function startApp(entry: string, env: Record<string, string>): AppProcess {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const name of SCRUBBED) delete base[name];
  for (const name of Object.keys(base)) if (name.startsWith('OTEL_')) delete base[name];
  const child = spawn(tsx, [join(repoRoot, entry)], {
    cwd: repoRoot,
    env: { ...base, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    kill() {
      if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    },
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface RawRequest {
  port: number;
  path: string;
  method?: string;
  body?: string | Buffer;
  headers?: http.OutgoingHttpHeaders;
  /** Local address to bind: 127.0.0.2 is a second client on loopback. */
  localAddress?: string;
  agent?: http.Agent | false;
}

export function request(r: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: r.port, path: r.path, method: r.method ?? 'GET', headers: r.headers, localAddress: r.localAddress, agent: r.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

/** Polls until `path` answers `status` (connection errors count as "not yet"). */
export async function waitForStatus(port: number, path: string, status: number, timeoutMs: number, proc?: AppProcess): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    if (proc && proc.child.exitCode !== null) throw new Error(`process exited (${proc.child.exitCode}) before ${path} answered ${status}:\n${proc.output().slice(-4000)}`);
    last = await request({ port, path }).then((r) => r.status, (e: Error) => e.message);
    if (last === status) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`:${port}${path} did not answer ${status} within ${timeoutMs} ms (last: ${String(last)})\n${proc?.output().slice(-4000) ?? ''}`);
}
