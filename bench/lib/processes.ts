/**
 * Starting, watching and stopping the servers under test, each in its own process so its CPU
 * and memory are its own. Apps run from the esbuild bundles in dist/ (what production runs)
 * when `npm run build` succeeded, else from source through tsx's loader; either way `node`
 * is the process itself, so its pid is the one whose /proc/<pid>/status we read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@aicr/testing';

export const ROOT = new URL('../../', import.meta.url).pathname;

export type AppName = 'gateway' | 'recipe-service' | 'bundle-worker';
export type Runtime = 'dist' | 'tsx';

export interface Launch {
  runtime: Runtime;
  /** Node flags shared by every server (and the baseline), so the comparison is like for like. */
  nodeFlags: string[];
}

export function entryOf(app: AppName, runtime: Runtime): string {
  return runtime === 'dist' ? join(ROOT, 'dist', app, 'main.js') : join(ROOT, 'apps', app, 'src', 'main.ts');
}

export function launchFor(runtime: Runtime): Launch {
  // tsx only for TypeScript sources; it transpiles once at load, steady state is plain V8.
  return { runtime, nodeFlags: runtime === 'tsx' ? ['--import', 'tsx'] : [] };
}

export interface Server {
  name: string;
  pid: number;
  port?: number;
  url?: string;
  /** Peak resident set (VmHWM) so far, in MiB; read before stop(). */
  peakRssMb(): number;
  /** CPU time (user + system) used so far, in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
  logFile: string;
}

export interface StartOptions {
  name: string;
  script: string;
  env: Record<string, string>;
  launch: Launch;
  logDir: string;
  /** HTTP path that answers 200 once the process can take traffic. */
  readyPath?: string;
  /** Variable that tells the process its port: PORT for the apps, AICR_METRICS_PORT for a worker. */
  portEnv?: string;
  /** Extra node flags for this process only (e.g. --cpu-prof while profiling). */
  extraFlags?: string[];
  readyTimeoutMs?: number;
}

/** Clock ticks per second of /proc/<pid>/stat's times: 100 on every Linux we run on (getconf CLK_TCK). */
const CLK_TCK = 100;

/** user + system CPU time of a process so far, in ms (0 when the process is gone). */
export function procCpuMs(pid: number): number {
  try {
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of them.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** Reads one `Vm*:   123 kB` line of /proc/<pid>/status, in MiB (0 when the process is gone). */
export function procStatusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * The runner's environment minus what would change a server's mode behind the suite's back:
 * the suite alone decides on Redis, split mode and tracing (any OTEL_* loads the SDK).
 */
function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('OTEL_') || k === 'REDIS_URL' || k === 'RECIPE_SERVICE_URL') continue;
    env[k] = v;
  }
  return env;
}

const live = new Set<ChildProcess>();
// A runner that dies (Ctrl-C, exception) must not leave servers behind holding ports.
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});
// A signal would end this process without 'exit' handlers; turn it into a normal exit.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

export async function startServer(opts: StartOptions): Promise<Server> {
  const port = opts.readyPath ? await freePort() : undefined;
  const logFile = join(opts.logDir, `${opts.name}.log`);
  const fd = openSync(logFile, 'a');
  const env: Record<string, string> = { ...inheritedEnv(), HOST: '127.0.0.1', ...opts.env };
  if (port !== undefined) env[opts.portEnv ?? 'PORT'] = String(port);
  const child = spawn(process.execPath, [...opts.launch.nodeFlags, ...(opts.extraFlags ?? []), opts.script], {
    cwd: ROOT,
    env,
    // Logs go to a file: piping them through this process would bill its CPU to the load generator.
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  live.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => (live.delete(child), resolve())));
  const pid = child.pid!;
  const url = port !== undefined ? `http://127.0.0.1:${port}` : undefined;

  if (url && opts.readyPath) {
    const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${opts.name} exited with ${child.exitCode} before ready; see ${logFile}`);
      const ok = await fetch(url + opts.readyPath).then((r) => r.status === 200, () => false);
      if (ok) break;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${opts.name} not ready after ${opts.readyTimeoutMs ?? 30_000} ms; see ${logFile}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  return {
    name: opts.name,
    pid,
    port,
    url,
    logFile,
    peakRssMb: () => procStatusMb(pid, 'VmHWM'),
    cpuMs: () => procCpuMs(pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Whether `npm run build`'s bundles exist for every app we need. */
export function distAvailable(apps: AppName[]): boolean {
  return apps.every((app) => existsSync(entryOf(app, 'dist')));
}
