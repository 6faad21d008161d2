/**
 * The docker-compose.yml topology as local processes (the harness behind `npm run topology`):
 * exactly the compose services and replicas with their environment — two gateways, one recipe
 * service, two workers — on the compose file's Redis, started as a private redis-server with the
 * file's own arguments (its data, and BullMQ's default `aicr` prefix, touch no other test).
 * Driven through the seed's complete workflow and batch script; then one gateway and one worker
 * are stopped mid-run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCompose, repoRoot } from './topology-compose';
import { loadDockerfile } from './topology-dockerfile';
import { planTopology, type TopologyPlan } from './topology-plan';
import { startTopology, type Topology } from './topology-processes';
import { BATCH_ENVIRONMENTS } from './topology-workflow';
import { kedaWatchLists, problems, runScenario, type ScenarioReport } from './topology-scenario';

// Compose's defaults, whatever the runner's shell exports.
const compose = loadCompose(undefined, {});

describe('topology: docker-compose.yml as local processes, driven through the seed workflows', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'aicr-topology-test-'));
  let plan: TopologyPlan;
  let topology: Topology | undefined;
  let report: ScenarioReport;

  beforeAll(async () => {
    plan = await planTopology(compose, loadDockerfile(), { workDir });
    topology = await startTopology(plan);
    try {
      report = await runScenario(topology, workDir, { watchLists: kedaWatchLists() });
    } catch (err) {
      const logs = topology.replicas.map((r) => `--- ${r.plan.id} ---\n${r.output().slice(-3000)}`).join('\n');
      throw new Error(`${(err as Error).message}\n${logs}`);
    }
  }, 300_000);

  afterAll(async () => {
    await topology?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('starts exactly the services and replicas of docker-compose.yml: redis, 2 gateways, 1 recipe service, 2 workers', () => {
    const started = Object.fromEntries(plan.services.map((s) => [s.name, s.replicas.length]));
    expect(started).toEqual(Object.fromEntries(Object.values(compose.services).map((s) => [s.name, s.replicas])));
    expect(started).toEqual({ redis: 1, 'recipe-service': 1, gateway: 2, 'bundle-worker': 2 });
    // depends_on order: Redis and the recipe service before the gateways.
    const order = plan.services.map((s) => s.name);
    expect(order.indexOf('gateway')).toBeGreaterThan(order.indexOf('recipe-service'));
    expect(order.indexOf('bundle-worker')).toBeGreaterThan(order.indexOf('redis'));
    for (const r of topology!.replicas) expect(r.child.pid, r.plan.id).toBeGreaterThan(0);
  });

  it('gives every process its compose environment, service names mapped to the local replicas', () => {
    const redisPort = plan.services.find((s) => s.name === 'redis')!.replicas[0].ports[6379];
    const recipe = plan.services.find((s) => s.name === 'recipe-service')!.replicas[0];
    for (const svc of plan.services.filter((s) => s.name !== 'redis')) {
      for (const r of svc.replicas) {
        // Every compose variable reaches the process (ports and host names rewritten).
        expect(Object.keys(r.env), r.id).toEqual(expect.arrayContaining(Object.keys(compose.services[svc.name].environment)));
        // The image's ENV, with image paths pointing at the repository.
        expect(r.env.NODE_ENV).toBe('production');
        expect(r.env.AICR_RECIPES_DIR).toBe(join(repoRoot, 'recipes'));
        expect(r.argv.slice(-1)[0]).toBe(join(repoRoot, 'apps', svc.name, 'src/main.ts'));
      }
    }
    for (const g of topology!.of('gateway')) {
      expect(g.plan.env.REDIS_URL).toBe(`redis://127.0.0.1:${redisPort}`);
      expect(g.plan.env.RECIPE_SERVICE_URL).toBe(`http://127.0.0.1:${recipe.ports[8080]}`);
      expect(g.plan.env.AICR_EMBEDDED_WORKER).toBe('false');
    }
    for (const w of topology!.of('bundle-worker')) expect(w.plan.env.REDIS_URL).toBe(`redis://127.0.0.1:${redisPort}`);
    // Two replicas of one service never share a port.
    const ports = topology!.replicas.flatMap((r) => Object.values(r.plan.ports));
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('runs the seed complete workflow: recipe → gpu-operator bundle → unzip → sha256sum -c in gpu-operator/ and at the root', () => {
    const w = report.workflow;
    expect(w.components.length).toBeGreaterThan(0);
    expect(w.components.some((c) => c.startsWith('gpu-operator: '))).toBe(true);
    const dirs = Object.fromEntries(w.checksums.map((c) => [c.dir, c]));
    expect(Object.keys(dirs).sort()).toEqual(['', 'gpu-operator']);
    for (const c of w.checksums) {
      expect(c.ok, `sha256sum -c in ${c.dir || '(root)'}:\n${c.output}`).toBe(true);
      expect(c.files).toBeGreaterThan(0);
    }
  });

  it('runs the seed batch for several environments: every full bundle unzips and every checksums.txt verifies', () => {
    expect(report.batch.map((b) => b.criteria).sort()).toEqual([...BATCH_ENVIRONMENTS, ...BATCH_ENVIRONMENTS].sort());
    for (const b of report.batch) {
      expect(b.components.length, b.criteria).toBeGreaterThan(1);
      // Root plus one per component.
      expect(b.checksums.length, b.criteria).toBeGreaterThan(b.components.length);
      for (const c of b.checksums) expect(c.ok, `${b.criteria} ${c.dir || '(root)'}:\n${c.output}`).toBe(true);
    }
  });

  it('spreads requests across both gateways', () => {
    const served = Object.values(report.servedBeforeStop);
    expect(served).toHaveLength(2);
    for (const n of served) expect(n).toBeGreaterThan(0);
    const used = new Set(report.batch.flatMap((b) => [b.gateways.recipe, b.gateways.bundle]));
    expect(used.size).toBe(2);
  });

  it('renders bundles on both workers (each one\'s aicr_worker_jobs_total)', () => {
    expect(report.workerJobsBeforeStop).toHaveLength(2);
    for (const w of report.workerJobsBeforeStop) {
      expect(w.render, `${w.id} render jobs`).toBeGreaterThan(0);
    }
    const assembled = report.workerJobsBeforeStop.reduce((s, w) => s + w.assemble, 0);
    expect(assembled).toBe(1 + report.batch.length);
  });

  it('fills what the worker autoscalers read: the Redis lists of the KEDA trigger and aicr_queue_jobs{state="waiting"}', () => {
    const lists = kedaWatchLists();
    expect(lists.length).toBeGreaterThan(0);
    expect(Object.keys(report.queueDepthSeen.lists).sort()).toEqual([...lists].sort());
    // Render jobs (one per component) queue up while 6 full bundles go through 2 workers.
    const renderList = lists.find((l) => l.endsWith(':aicr-render:wait'));
    expect(renderList, 'KEDA watches the render queue').toBeDefined();
    expect(report.queueDepthSeen.lists[renderList!], `LLEN ${renderList} under load`).toBeGreaterThan(0);
    expect(report.queueDepthSeen.metric['aicr-render'], 'aicr_queue_jobs{queue="aicr-render",state="waiting"} under load').toBeGreaterThan(0);
  });

  it('loses no request while one gateway and one worker stop mid-run; both stop gracefully (exit 0)', () => {
    expect(report.duringStop.errors).toEqual([]);
    expect(report.duringStop.runs).toHaveLength(12);
    for (const run of report.duringStop.runs) for (const c of run.checksums) expect(c.ok, `${run.criteria} ${c.dir}`).toBe(true);
    expect(report.duringStop.stopped).toEqual([
      { id: 'gateway-1', exitCode: 0 },
      { id: 'bundle-worker-1', exitCode: 0 },
    ]);
    // The stopping gateway finished what it had accepted (graceful drain), then refused more.
    expect(report.duringStop.served[report.gateways[0]]).toBeGreaterThan(0);
    // Hops to the other gateway are connection-level only (the stopped one refusing), never an
    // error answer passed on as a failure.
    for (const f of report.failovers) expect(f.reason).toMatch(/^(ECONNREFUSED|ECONNRESET|EPIPE|socket hang up|503 )/);
  });

  it('serves on with the remaining gateway and worker alone', () => {
    expect(report.afterStop.errors).toEqual([]);
    expect(report.afterStop.runs).toHaveLength(BATCH_ENVIRONMENTS.length);
    expect(report.afterStop.servedBy).toEqual([report.gateways[1]]);
    const [remaining] = report.workerJobsAtEnd;
    const before = report.workerJobsBeforeStop[1];
    expect(remaining.id).toBe('bundle-worker-2');
    expect(remaining.assemble).toBeGreaterThan(before.assemble);
    expect(problems(report)).toEqual([]);
  });
});
