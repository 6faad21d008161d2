/**
 * docker-compose.yml, read as compose reads it (no Docker needed): the four services, workers
 * that scale, health checks and health-gated start order, BullMQ-safe Redis, and configuration
 * that uses exactly the variable names (and defaults) the apps read.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_ENV_PREFIXES, CONFIG_ENV_VARS, loadConfig } from '@aicr/platform';
import { describe, expect, it } from 'vitest';
import { appOfCommand, loadCompose, repoRoot, startOrder, type ComposeService } from './topology-compose';
import { finalStage, imageEnv, imageHealthcheck, loadDockerfile } from './topology-dockerfile';

// An empty host environment: what a fresh `docker compose up` sees.
const project = loadCompose(undefined, {});
const svc = (name: string): ComposeService => {
  const s = project.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service "${name}"`);
  return s;
};
const appServices = ['gateway', 'recipe-service', 'bundle-worker'];
const readsVar = (name: string) => CONFIG_ENV_VARS.includes(name) || CONFIG_ENV_PREFIXES.some((p) => name.startsWith(p));

describe('docker-compose.yml', () => {
  it('runs exactly redis, gateway, recipe-service and bundle-worker', () => {
    expect(Object.keys(project.services).sort()).toEqual(['bundle-worker', 'gateway', 'recipe-service', 'redis']);
  });

  it('runs each app from the one image with `node dist/<app>/main.js`, an app the build produces', () => {
    const build = readFileSync(join(repoRoot, 'tools/build.mjs'), 'utf8');
    const images = new Set<string | undefined>();
    for (const name of appServices) {
      const s = svc(name);
      expect(appOfCommand(s.command), `${name} command ${JSON.stringify(s.command)}`).toBe(name);
      expect(existsSync(join(repoRoot, 'apps', name, 'src/main.ts')) || build.includes(`'${name}'`), `${name} is an app`).toBe(true);
      expect(build, `tools/build.mjs builds ${name}`).toContain(`'${name}'`);
      expect(s.raw.build, `${name} can build the image`).toBeTruthy();
      images.add(s.image);
    }
    expect(images.size, 'one image for all apps').toBe(1);
  });

  it('lets bundle-worker scale (--scale bundle-worker=4): no container_name, no host ports, 2 replicas by default', () => {
    const w = svc('bundle-worker');
    expect(w.raw.container_name).toBeUndefined();
    expect(w.raw.ports).toBeUndefined();
    expect(w.replicas).toBe(2);
    for (const s of Object.values(project.services)) expect(s.raw.container_name, `${s.name} container_name`).toBeUndefined();
  });

  it('runs two gateways, published from port 8080 on a range wide enough for every replica', () => {
    const g = svc('gateway');
    expect(g.replicas).toBe(2);
    expect(g.ports).toHaveLength(1);
    const m = /^(?:[\d.]+:)?(\d+)(?:-(\d+))?:(\d+)$/.exec(g.ports[0]);
    expect(m, `gateway port mapping ${g.ports[0]}`).not.toBeNull();
    const [from, to, container] = [Number(m![1]), Number(m![2] ?? m![1]), Number(m![3])];
    expect(from).toBe(8080);
    expect(to - from + 1).toBeGreaterThanOrEqual(g.replicas);
    expect(String(container)).toBe(g.environment.PORT);
    for (const name of ['redis', 'recipe-service', 'bundle-worker']) expect(svc(name).ports, `${name} publishes nothing`).toEqual([]);
  });

  it('gives every service a health check; the apps use the image script, which the Dockerfile ships', () => {
    const image = finalStage(loadDockerfile());
    const imageCheck = imageHealthcheck(image);
    expect(imageCheck, 'the Dockerfile has a HEALTHCHECK').toBeDefined();
    for (const s of Object.values(project.services)) {
      const hc = s.raw.healthcheck as { test?: string[]; interval?: string } | undefined;
      expect(hc?.test, `${s.name} healthcheck.test`).toBeDefined();
      expect(hc!.test![0]).toBe('CMD');
      expect(hc!.interval, `${s.name} healthcheck.interval`).toBeDefined();
    }
    for (const name of appServices) {
      const test = (svc(name).raw.healthcheck as { test: string[] }).test;
      expect(test.slice(1), `${name} health check = the image's`).toEqual(imageCheck);
    }
    const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/COPY deploy\/docker\/healthcheck\.mjs \.\/healthcheck\.mjs/);
    expect(existsSync(join(repoRoot, 'deploy/docker/healthcheck.mjs'))).toBe(true);
    // The worker is only checkable on its metrics port.
    expect(svc('bundle-worker').environment.AICR_METRICS_PORT).toMatch(/^\d+$/);
  });

  it('starts apps only once what they depend on is healthy', () => {
    expect(svc('gateway').dependsOn).toEqual({ redis: { condition: 'service_healthy' }, 'recipe-service': { condition: 'service_healthy' } });
    expect(svc('bundle-worker').dependsOn).toEqual({ redis: { condition: 'service_healthy' } });
    for (const s of Object.values(project.services)) {
      for (const [dep, { condition }] of Object.entries(s.dependsOn)) {
        expect(condition, `${s.name} → ${dep}`).toBe('service_healthy');
        expect(svc(dep).raw.healthcheck, `${dep} has the health check ${s.name} waits for`).toBeDefined();
      }
    }
    expect(startOrder(project).map((s) => s.name).indexOf('gateway')).toBeGreaterThan(startOrder(project).map((s) => s.name).indexOf('recipe-service'));
  });

  it('configures Redis as BullMQ asks for production: noeviction, append-only persistence on a volume', () => {
    const r = svc('redis');
    const cmd = r.command!.join(' ');
    expect(r.image).toMatch(/^redis:\d/);
    expect(cmd).toMatch(/--maxmemory-policy noeviction\b/);
    expect(cmd).toMatch(/--appendonly yes\b/);
    const volumes = (r.raw.volumes ?? []) as string[];
    const data = volumes.find((v) => v.endsWith(':/data'));
    expect(data, 'a volume on /data').toBeDefined();
    expect(Object.keys((project.raw.volumes ?? {}) as object)).toContain(data!.split(':')[0]);
  });

  it('sets only variables the apps read (CONFIG_ENV_VARS), and the important ones', () => {
    for (const s of Object.values(project.services)) {
      if (s.name === 'redis') continue;
      const unknown = Object.keys(s.raw.environment as object).filter((k) => !readsVar(k));
      expect(unknown, `${s.name} sets variables no app reads`).toEqual([]);
    }
    const g = svc('gateway').environment;
    expect(g.PORT).toBe('8080');
    expect(g.REDIS_URL).toBe('redis://redis:6379');
    expect(g.AICR_EMBEDDED_WORKER).toBe('false');
    const recipeUrl = new URL(g.RECIPE_SERVICE_URL);
    expect(recipeUrl.hostname).toBe('recipe-service');
    expect(recipeUrl.port).toBe(svc('recipe-service').environment.PORT);
    const w = svc('bundle-worker').environment;
    expect(w.REDIS_URL).toBe(g.REDIS_URL);
    expect(w.AICR_METRICS_PORT).toBeDefined();
    expect(svc('recipe-service').environment.PORT).toBeDefined();
    // Every app that shares the queue points at the compose Redis.
    expect(new URL(w.REDIS_URL).hostname).toBe('redis');
  });

  it('makes operator-tunable variables `${SAME_NAME:-default}` with the apps\' own defaults', () => {
    const baseline = loadConfig({}).config;
    let tunables = 0;
    for (const name of appServices) {
      for (const [key, refs] of Object.entries(svc(name).interpolated)) {
        expect(refs, `${name}.${key}`).toHaveLength(1);
        expect(refs[0].variable, `${name}.${key} interpolates its own name`).toBe(key);
        expect(refs[0].default, `${name}.${key} has a :- default`).toBeDefined();
        const { config, warnings } = loadConfig({ [key]: refs[0].default });
        expect(warnings, `${name}.${key} default`).toEqual([]);
        expect(config, `${name}.${key}=${refs[0].default} is the apps' default`).toEqual(baseline);
        tunables++;
      }
    }
    expect(tunables).toBeGreaterThan(10);
    // And an operator's value reaches the container.
    const tuned = loadCompose(undefined, { AICR_WORKER_CONCURRENCY: '16', AICR_RATE_LIMIT: '5' });
    expect(tuned.services['bundle-worker'].environment.AICR_WORKER_CONCURRENCY).toBe('16');
    expect(tuned.services.gateway.environment.AICR_RATE_LIMIT).toBe('5');
  });

  it('hardens the app containers and gives them time to drain on stop', () => {
    const shutdown = Number(imageEnv(loadDockerfile()).SHUTDOWN_TIMEOUT_SECONDS ?? loadConfig({}).config.shutdownTimeoutSeconds);
    for (const name of appServices) {
      const raw = svc(name).raw;
      expect(raw.read_only, `${name} read_only`).toBe(true);
      expect(raw.cap_drop, `${name} cap_drop`).toEqual(['ALL']);
      expect(raw.security_opt, `${name} security_opt`).toContain('no-new-privileges:true');
      expect(raw.tmpfs, `${name} tmpfs`).toContain('/tmp');
      const grace = Number(/^(\d+)s$/.exec(String(raw.stop_grace_period))?.[1]);
      expect(grace, `${name} stop_grace_period`).toBeGreaterThan(Number(svc(name).environment.SHUTDOWN_TIMEOUT_SECONDS ?? shutdown));
    }
  });
});
