#!/usr/bin/env -S npx tsx
/**
 * `npm run topology`: the docker-compose.yml topology without Docker. Reads the compose file
 * (services, replicas, environment with ${VAR:-default} resolved) and the Dockerfile's image
 * environment, starts every service replica as a local process on a private redis-server
 * (tsx instead of the built dist/), then drives the seed's workflows through it, stops one
 * gateway and one worker mid-run, and prints what happened. Exit 0 when everything held.
 *
 *   npm run topology               # run the scenario, print the report, stop
 *   npm run topology -- --serve    # start the topology and keep it running (Ctrl-C stops)
 *
 * Needs redis-server, unzip and sha256sum on PATH. The harness itself lives in tests/src/topology-*.ts,
 * shared with tests/src/topology.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCompose } from '../tests/src/topology-compose';
import { loadDockerfile } from '../tests/src/topology-dockerfile';
import { planTopology } from '../tests/src/topology-plan';
import { startTopology } from '../tests/src/topology-processes';
import { describeReport, gatewayUrl, kedaWatchLists, problems, runScenario } from '../tests/src/topology-scenario';

const serve = process.argv.includes('--serve');
const workDir = mkdtempSync(join(tmpdir(), 'aicr-topology-'));
const log = (line: string) => console.log(`[topology] ${line}`);

const plan = await planTopology(loadCompose(), loadDockerfile(), { workDir });
for (const svc of plan.services) {
  for (const r of svc.replicas) {
    const ports = Object.entries(r.ports).map(([c, h]) => `${c}→${h}`).join(' ');
    log(`${r.id.padEnd(18)} ${r.kind === 'redis' ? r.argv.join(' ') : `node --import tsx apps/${r.app}/src/main.ts`}  ports ${ports || '-'}`);
  }
}

const topology = await startTopology(plan);
let closing = false;
const shutdown = async (code: number) => {
  if (closing) return;
  closing = true;
  await topology.close();
  rmSync(workDir, { recursive: true, force: true });
  process.exit(code);
};
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
log(`all services healthy; gateways: ${topology.of('gateway').map(gatewayUrl).join(' ')}`);

if (serve) {
  log('serving until Ctrl-C');
} else {
  try {
    const report = await runScenario(topology, workDir, { log, watchLists: kedaWatchLists() });
    for (const line of describeReport(report)) log(line);
    const found = problems(report);
    for (const p of found) log(`PROBLEM: ${p}`);
    for (const r of topology.replicas) {
      if (r.child.exitCode !== null && r.child.exitCode !== 0) log(`--- ${r.plan.id} exited ${r.child.exitCode}; last output ---\n${r.output().slice(-4000)}`);
    }
    log(found.length === 0 ? 'OK: every request served, every checksum verified' : `${found.length} problem(s)`);
    await shutdown(found.length === 0 ? 0 : 1);
  } catch (err) {
    log(`FAILED: ${(err as Error).stack ?? err}`);
    for (const r of topology.replicas) log(`--- ${r.plan.id} (last output) ---\n${r.output().slice(-3000)}`);
    await shutdown(1);
  }
}
