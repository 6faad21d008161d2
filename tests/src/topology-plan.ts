/**
 * Turns docker-compose.yml (+ the Dockerfile's image environment) into local processes: one per
 * service replica, same environment, with what only a container network provides replaced:
 *
 * - `node dist/<app>/main.js` → `node --import tsx apps/<app>/src/main.ts` (no build needed): tsx's
 *   loader in the app's own process rather than the `tsx` wrapper, so signals reach the app
 *   directly, as they reach `node` as the container's PID 1 (the wrapper's relay gives up on an
 *   app too busy to acknowledge within its 30 ms and exits 143 without the app's graceful stop);
 * - the `redis:*` image → a local `redis-server` with the service's own arguments;
 * - listen ports (PORT, AICR_METRICS_PORT; Redis' 6379) → a free port per replica;
 * - service host names in URLs (`redis://redis:6379`, `http://recipe-service:8080`) → 127.0.0.1
 *   and the port that replica got;
 * - image paths (/app/recipes, /app/healthcheck.mjs) → the repository files the image copies.
 */
import { join } from 'node:path';
import { freePort } from '@aicr/testing';
import { appOfCommand, startOrder, repoRoot, type ComposeProject, type ComposeService } from './topology-compose';
import { finalStage, imageCommand, imageEnv, imageHealthcheck, imagePathToRepo, imageWorkdir, type Dockerfile } from './topology-dockerfile';

/** Variables that name a port the process listens on (API.md §9). */
export const LISTEN_PORT_VARS = ['PORT', 'AICR_METRICS_PORT'] as const;
const REDIS_PORT = 6379;
const DEFAULT_SCHEME_PORTS: Record<string, number> = { 'redis:': REDIS_PORT, 'rediss:': REDIS_PORT, 'http:': 80, 'https:': 443 };

export interface ReplicaPlan {
  service: string;
  replica: number;
  /** `<service>-<n>`, like compose's container names. */
  id: string;
  kind: 'node' | 'redis';
  /** The compose app (`gateway`, …) for node processes. */
  app?: string;
  argv: string[];
  env: Record<string, string>;
  /** Container port → host port. */
  ports: Record<number, number>;
  /** argv of the health check (compose's `healthcheck.test` translated), run with `env`; `{pid}` is replaced. */
  healthcheck: string[];
}

export interface TopologyPlan {
  /** In start order (depends_on). */
  services: { name: string; dependsOn: Record<string, { condition: string }>; replicas: ReplicaPlan[] }[];
  /** Scratch folder for redis-server's data. */
  workDir: string;
}

export interface PlanOptions {
  workDir: string;
  /** Extra environment for every node process (e.g. a lower AICR_STALLED_INTERVAL_MS in tests). */
  overrides?: Record<string, string>;
  /** Replica counts instead of the file's (like `--scale`). */
  scale?: Record<string, number>;
}

function containerPorts(svc: ComposeService, env: Record<string, string>): number[] {
  if (isRedis(svc)) {
    const i = svc.command?.indexOf('--port') ?? -1;
    return [i >= 0 ? Number(svc.command![i + 1]) : REDIS_PORT];
  }
  return LISTEN_PORT_VARS.filter((v) => env[v] !== undefined && env[v] !== '').map((v) => Number(env[v]));
}

const isRedis = (svc: ComposeService) => /^redis:/.test(svc.image ?? '') && !svc.raw.build;

/** The host-side address of `<service>:<port>`; only single-replica services can be addressed. */
function resolveHost(plans: Map<string, ReplicaPlan[]>, service: string, port: number, from: string): string {
  const replicas = plans.get(service)!;
  if (replicas.length !== 1) throw new Error(`${from} addresses ${service}, which has ${replicas.length} replicas: the harness has no load balancer`);
  const host = replicas[0].ports[port];
  if (host === undefined) throw new Error(`${from} addresses ${service}:${port}, but ${service} listens on ${Object.keys(replicas[0].ports).join(', ') || 'nothing'}`);
  return `127.0.0.1:${host}`;
}

/** Rewrites URLs whose host is a compose service to the local replica's address. */
function rewriteUrls(value: string, plans: Map<string, ReplicaPlan[]>, from: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return value;
  const url = new URL(value);
  if (!plans.has(url.hostname)) return value;
  const port = url.port ? Number(url.port) : DEFAULT_SCHEME_PORTS[url.protocol];
  const address = resolveHost(plans, url.hostname, port, from);
  // Only the authority's host[:port] (after any user:password@), never the scheme.
  const host = url.host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return value.replace(new RegExp(`^([a-z][a-z0-9+.-]*://(?:[^@/]*@)?)${host}`, 'i'), `$1${address}`);
}

export async function planTopology(project: ComposeProject, dockerfile: Dockerfile, options: PlanOptions): Promise<TopologyPlan> {
  const stage = finalStage(dockerfile);
  const workdir = imageWorkdir(stage);
  // The image's ENV, with image paths pointing at the repository files they were copied from.
  const baseEnv = Object.fromEntries(
    Object.entries(imageEnv(dockerfile)).map(([k, v]) => [k, v.startsWith('/') ? imagePathToRepo(dockerfile, v) : v]),
  );
  const imageCheck = imageHealthcheck(stage);
  const order = startOrder(project);
  const plans = new Map<string, ReplicaPlan[]>();

  // Pass 1: processes and their ports.
  for (const svc of order) {
    const replicas: ReplicaPlan[] = [];
    const count = options.scale?.[svc.name] ?? svc.replicas;
    for (let i = 0; i < count; i++) {
      const id = `${svc.name}-${i + 1}`;
      if (isRedis(svc)) {
        const [containerPort] = containerPorts(svc, {});
        const hostPort = await freePort();
        const args = (svc.command ?? ['redis-server']).slice(1).filter((_, j, a) => a[j] !== '--port' && a[j - 1] !== '--port');
        replicas.push({
          service: svc.name,
          replica: i,
          id,
          kind: 'redis',
          argv: ['redis-server', ...args, '--port', String(hostPort), '--bind', '127.0.0.1', '--dir', join(options.workDir, id)],
          env: {},
          ports: { [containerPort]: hostPort },
          healthcheck: redisHealthcheck(svc, hostPort),
        });
        continue;
      }
      if (!svc.raw.build && !svc.image?.startsWith('aicr-server')) throw new Error(`service ${svc.name}: image ${svc.image} is neither ours nor redis; the harness cannot run it`);
      const command = svc.command ?? imageCommand(stage);
      const app = appOfCommand(command);
      if (!app) throw new Error(`service ${svc.name}: command ${JSON.stringify(command)} is not \`node dist/<app>/main.js\``);
      const env: Record<string, string> = { ...baseEnv, ...svc.environment, ...options.overrides };
      const ports: Record<number, number> = {};
      for (const v of LISTEN_PORT_VARS) {
        if (env[v] === undefined || env[v] === '') continue;
        const host = await freePort();
        ports[Number(env[v])] = host;
        env[v] = String(host);
      }
      // Containers listen on every interface of their own network; locally, loopback only.
      env.HOST ??= '127.0.0.1';
      const check = (svc.raw.healthcheck as { test?: string[] } | undefined)?.test ?? (imageCheck ? ['CMD', ...imageCheck] : undefined);
      if (!check || check[0] !== 'CMD') throw new Error(`service ${svc.name}: needs an exec-form (CMD) health check`);
      replicas.push({
        service: svc.name,
        replica: i,
        id,
        kind: 'node',
        app,
        argv: [process.execPath, '--import', 'tsx', join(repoRoot, 'apps', app, 'src/main.ts')],
        env,
        ports,
        // `node healthcheck.mjs` in the image → node <repo file> <pid of this replica>.
        healthcheck: [
          ...check.slice(1).map((a, j) => (j === 0 && a === 'node' ? process.execPath : a.endsWith('.mjs') ? imagePathToRepo(dockerfile, join(workdir, a)) : a)),
          '{pid}',
        ],
      });
    }
    plans.set(svc.name, replicas);
  }

  // Pass 2: service names in URLs → local addresses.
  for (const replicas of plans.values()) {
    for (const r of replicas) {
      for (const [k, v] of Object.entries(r.env)) r.env[k] = rewriteUrls(v, plans, `${r.id} ${k}`);
    }
  }

  return {
    services: order.map((svc) => ({ name: svc.name, dependsOn: svc.dependsOn, replicas: plans.get(svc.name)! })),
    workDir: options.workDir,
  };
}

/** `redis-cli ping` from compose, pointed at the local port. */
function redisHealthcheck(svc: ComposeService, port: number): string[] {
  const test = (svc.raw.healthcheck as { test?: string[] } | undefined)?.test;
  if (!test || test[0] !== 'CMD' || test[1] !== 'redis-cli') throw new Error(`service ${svc.name}: expected a \`CMD redis-cli …\` health check`);
  return ['redis-cli', '-p', String(port), ...test.slice(2)];
}
