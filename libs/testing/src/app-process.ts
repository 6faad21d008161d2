/**
 * An app entry point (or any command) as a real process in its own process group, output kept
 * for diagnostics. Apps run as `node --import tsx apps/<app>/src/main.ts`, never through the
 * `tsx` CLI: that wrapper SIGKILLs a child that has not exited 30 ms after it relays SIGTERM,
 * which defeats the graceful shutdown a test wants to observe.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = new URL('../../../', import.meta.url).pathname;

export type AppName = 'gateway' | 'recipe-service' | 'bundle-worker';

export interface ProcessExit {
  /** null when killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningProcess {
  child: ChildProcess;
  /** The process itself (with `node --import tsx` this is the app, not a wrapper). */
  pid: number;
  /** Exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  exit: Promise<ProcessExit>;
  /** stdout and stderr, interleaved as they arrived. */
  output(): string;
  stderr(): string;
  alive(): boolean;
  /** A signal to the process only (as Docker signals PID 1). */
  signal(signal: NodeJS.Signals): void;
  /** A signal to the whole process group. */
  signalGroup(signal: NodeJS.Signals): void;
  /** SIGKILL to the whole group: cleanup, a no-op once it has exited. */
  kill(): void;
}

export interface SpawnOptions {
  env: Record<string, string | undefined>;
  cwd?: string;
  /** Output kept beyond this many characters is trimmed to its last half (long runs). */
  maxOutput?: number;
}

/** Starts `argv` in its own process group with stdout/stderr captured. */
export function spawnProcess(argv: string[], options: SpawnOptions): RunningProcess {
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: options.cwd ?? repoRoot,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group, so a last-resort SIGKILL also reaches anything the process started.
    detached: true,
  });
  const max = options.maxOutput ?? 2_000_000;
  let output = '';
  let stderr = '';
  const keep = (text: string) => (text.length > max ? text.slice(-Math.floor(max / 2)) : text);
  child.stdout!.on('data', (c: Buffer) => (output = keep(output + c.toString())));
  child.stderr!.on('data', (c: Buffer) => {
    output = keep(output + c.toString());
    stderr = keep(stderr + c.toString());
  });
  child.on('error', (err) => (output += `\n[spawn error] ${err.message}\n`));
  const exit = new Promise<ProcessExit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const alive = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined;
  const signalGroup = (signal: NodeJS.Signals) => {
    if (!alive()) return;
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  return {
    child,
    pid: child.pid ?? -1,
    exit,
    exited: exit.then((e) => e.code),
    output: () => output,
    stderr: () => stderr,
    alive,
    signal(signal) {
      if (alive()) child.kill(signal);
    },
    signalGroup,
    kill: () => signalGroup('SIGKILL'),
  };
}

/** Variables a test must set explicitly, never inherit from the runner's environment. */
const SCRUBBED = ['REDIS_URL', 'RECIPE_SERVICE_URL', 'AICR_REDIS_PREFIX', 'AICR_QUEUE_PREFIX', 'PORT', 'AICR_METRICS_PORT'];

export interface StartAppOptions {
  /** false: only PATH and HOME from the runner, nothing else (default: the runner's, scrubbed). */
  inheritEnv?: boolean;
}

/**
 * `node --import tsx apps/<app>/src/main.ts` with HOST=127.0.0.1, LOG_LEVEL=warn and `env` on
 * top of the runner's environment minus the variables that choose peers, ports and tracing.
 */
export function startApp(app: AppName, env: Record<string, string>, options: StartAppOptions = {}): RunningProcess {
  const base: Record<string, string | undefined> =
    options.inheritEnv === false ? { PATH: process.env.PATH, HOME: process.env.HOME } : { ...process.env };
  for (const name of SCRUBBED) delete base[name];
  for (const name of Object.keys(base)) if (name.startsWith('OTEL_')) delete base[name];
  return spawnProcess([process.execPath, '--import', 'tsx', join(repoRoot, 'apps', app, 'src/main.ts')], {
    env: { ...base, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
  });
}

/**
 * Resolves with the first JSON log line `match` accepts; rejects if the process exits first or
 * nothing matches within `timeoutMs`.
 */
export function waitForLogLine<T extends Record<string, unknown>>(
  proc: RunningProcess,
  match: (entry: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      for (const line of proc.output().split('\n')) {
        let entry: T;
        try {
          entry = JSON.parse(line) as T;
        } catch {
          continue; // not a log line
        }
        if (entry && typeof entry === 'object' && match(entry)) {
          clearInterval(poll);
          resolve(entry);
          return;
        }
      }
      if (!proc.alive() || Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`no matching log line (${proc.alive() ? `${timeoutMs} ms` : `exited ${proc.child.exitCode}`}):\n${proc.output().slice(-3000)}`));
      }
    }, 50);
  });
}
