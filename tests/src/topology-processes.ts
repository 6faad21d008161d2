/**
 * Runs a TopologyPlan: starts the services in depends_on order, each replica as its own process
 * group, waits for `condition: service_healthy` with the services' own health checks, and
 * stops replicas (SIGTERM, like `docker compose stop`) or everything.
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { spawnProcess, type RunningProcess } from '@aicr/testing';
import type { ReplicaPlan, TopologyPlan } from './topology-plan';

export interface RunningReplica extends RunningProcess {
  plan: ReplicaPlan;
}

export interface Topology {
  plan: TopologyPlan;
  replicas: RunningReplica[];
  /** Running (or stopped) replicas of one service, in replica order. */
  of(service: string): RunningReplica[];
  /** SIGTERM one replica and wait for it to exit; returns its exit code. */
  stop(replica: RunningReplica, timeoutMs?: number): Promise<number | null>;
  /** Stops everything (SIGTERM, then SIGKILL after a grace period). */
  close(): Promise<void>;
}

const HEALTH_TIMEOUT_MS = 90_000;

function start(plan: ReplicaPlan, workDir: string): RunningReplica {
  if (plan.kind === 'redis') mkdirSync(`${workDir}/${plan.id}`, { recursive: true });
  // Containers do not inherit the host's environment: only what the plan says, plus PATH/HOME
  // so the tools themselves run.
  const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', TMPDIR: process.env.TMPDIR ?? '/tmp' };
  // The image's WORKDIR is the app root; here the repository (where `tsx` resolves from), which
  // is spawnProcess's default working directory.
  return { plan, ...spawnProcess(plan.argv, { env: { ...base, ...plan.env } }) };
}

async function waitHealthy(r: RunningReplica): Promise<void> {
  const argv = r.plan.healthcheck.map((a) => (a === '{pid}' ? String(r.child.pid) : a));
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = '';
  while (Date.now() < deadline) {
    if (!r.alive()) throw new Error(`${r.plan.id} exited (${r.child.exitCode ?? r.child.signalCode}) before it was healthy:\n${r.output().slice(-4000)}`);
    const res = await new Promise<{ ok: boolean; text: string }>((resolve) => {
      execFile(argv[0], argv.slice(1), { env: { PATH: process.env.PATH, ...r.plan.env }, timeout: 5_000 }, (err, stdout, stderr) =>
        resolve({ ok: !err, text: `${stdout}${stderr}${err && !stderr ? err.message : ''}`.trim() }),
      );
    });
    if (res.ok) return;
    last = res.text;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${r.plan.id} not healthy after ${HEALTH_TIMEOUT_MS} ms (health check: ${argv.join(' ')} → ${last}):\n${r.output().slice(-4000)}`);
}

export async function startTopology(plan: TopologyPlan): Promise<Topology> {
  const replicas: RunningReplica[] = [];
  const healthy = new Map<string, Promise<void>>();

  const stop = async (r: RunningReplica, timeoutMs = 60_000): Promise<number | null> => {
    // SIGTERM to the app process only, as Docker signals PID 1.
    r.signal('SIGTERM');
    const timer = setTimeout(() => r.kill(), timeoutMs);
    try {
      return await r.exited;
    } finally {
      clearTimeout(timer);
    }
  };
  const topology: Topology = {
    plan,
    replicas,
    of: (service) => replicas.filter((r) => r.plan.service === service),
    stop,
    async close() {
      // Apps first, Redis last (reverse start order), so apps shut down against a live Redis.
      for (const svc of [...plan.services].reverse()) {
        await Promise.all(replicas.filter((r) => r.plan.service === svc.name).map((r) => stop(r, 15_000)));
      }
    },
  };

  try {
    for (const svc of plan.services) {
      for (const [dep, { condition }] of Object.entries(svc.dependsOn)) {
        if (condition === 'service_healthy') await healthy.get(dep);
      }
      const started = svc.replicas.map((p) => start(p, plan.workDir));
      replicas.push(...started);
      const ready = Promise.all(started.map(waitHealthy)).then(() => undefined);
      // Awaited below; the no-op handler only keeps an early failure from counting as unhandled.
      ready.catch(() => undefined);
      healthy.set(svc.name, ready);
    }
    await Promise.all(healthy.values());
  } catch (err) {
    await topology.close();
    throw err;
  }
  return topology;
}
