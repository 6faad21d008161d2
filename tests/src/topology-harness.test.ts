/**
 * The topology harness's readers on small made-up inputs: compose interpolation and merge keys,
 * the Dockerfile reader, and how a compose project becomes local processes (ports, service
 * names in URLs, image paths). The real files are exercised by topology.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { interpolate, parseCompose, references, repoRoot, startOrder } from './topology-compose';
import { copySteps, finalStage, imageCommand, imageEnv, imageHealthcheck, imagePathToRepo, imageUser, parseDockerfile } from './topology-dockerfile';
import { planTopology } from './topology-plan';

const workDir = mkdtempSync(join(tmpdir(), 'aicr-harness-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('compose interpolation', () => {
  it('follows compose: :- on unset or empty, - on unset only, $$ escapes, bare $VAR', () => {
    expect(interpolate('${A:-x}', {})).toBe('x');
    expect(interpolate('${A:-x}', { A: '' })).toBe('x');
    expect(interpolate('${A-x}', { A: '' })).toBe('');
    expect(interpolate('${A-x}', {})).toBe('x');
    expect(interpolate('${A:-x}', { A: 'y' })).toBe('y');
    expect(interpolate('$$HOME and $A', { A: 'a' })).toBe('$HOME and a');
    expect(interpolate('${A:-}', {})).toBe('');
    expect(references('${A:-1} $B $$C')).toEqual([{ variable: 'A', default: '1' }, { variable: 'B' }]);
  });

  it('merges anchors, reads list-form environment and replicas, orders by depends_on', () => {
    const project = parseCompose(
      `x-env: &env
  LOG_LEVEL: \${LOG_LEVEL:-info}
services:
  b:
    image: x
    depends_on: { a: { condition: service_healthy } }
    environment:
      <<: *env
      PORT: 8080
    deploy: { replicas: 3 }
  a:
    image: y
    environment: ["K=v", "FROM_HOST"]
`,
      { FROM_HOST: 'h' },
    );
    expect(project.services.b.environment).toEqual({ LOG_LEVEL: 'info', PORT: '8080' });
    expect(project.services.b.interpolated).toEqual({ LOG_LEVEL: [{ variable: 'LOG_LEVEL', default: 'info' }] });
    expect(project.services.b.replicas).toBe(3);
    expect(project.services.a.environment).toEqual({ K: 'v', FROM_HOST: 'h' });
    expect(startOrder(project).map((s) => s.name)).toEqual(['a', 'b']);
  });
});

const DOCKERFILE = `# syntax=docker/dockerfile:1
ARG V=20
FROM node:\${V} AS build
WORKDIR /src
RUN echo build
FROM node:\${V}
ARG TAG=dev
ENV A=1 \\
    B="two words" \\
    T=\${TAG}
ENV LEGACY value here
WORKDIR /app
COPY recipes ./recipes
COPY deploy/docker/healthcheck.mjs ./healthcheck.mjs
COPY --from=build /src/dist ./dist
USER 1000:1000
HEALTHCHECK --interval=10s CMD ["node", "healthcheck.mjs"]
CMD ["node", "dist/gateway/main.js"]
`;

describe('Dockerfile reader', () => {
  const df = parseDockerfile(DOCKERFILE);
  const stage = finalStage(df);

  it('reads stages, ENV (both forms, ARG defaults), USER, CMD and HEALTHCHECK', () => {
    expect(df.stages.map((s) => s.name)).toEqual(['build', undefined]);
    expect(imageEnv(df)).toEqual({ A: '1', B: 'two words', T: 'dev', LEGACY: 'value here' });
    expect(imageEnv(df, stage, { TAG: '1.2.3' }).T).toBe('1.2.3');
    expect(imageUser(stage)).toEqual({ uid: 1000, gid: 1000 });
    expect(imageCommand(stage)).toEqual(['node', 'dist/gateway/main.js']);
    expect(imageHealthcheck(stage)).toEqual(['node', 'healthcheck.mjs']);
  });

  it('maps image paths back to the repository files the COPY steps took', () => {
    expect(copySteps(stage).map((c) => [c.from, c.dest])).toEqual([
      [undefined, '/app/recipes'],
      [undefined, '/app/healthcheck.mjs'],
      ['build', '/app/dist'],
    ]);
    expect(imagePathToRepo(df, '/app/recipes')).toBe(join(repoRoot, 'recipes'));
    expect(imagePathToRepo(df, '/app/recipes/overlays')).toBe(join(repoRoot, 'recipes/overlays'));
    expect(imagePathToRepo(df, '/app/healthcheck.mjs')).toBe(join(repoRoot, 'deploy/docker/healthcheck.mjs'));
  });

  it('refuses a shell-form CMD and a named USER (Kubernetes cannot check runAsNonRoot on a name)', () => {
    expect(() => imageCommand(finalStage(parseDockerfile('FROM x\nCMD node main.js\n')))).toThrow(/exec \(JSON array\) form/);
    expect(() => imageUser(finalStage(parseDockerfile('FROM x\nUSER node\n')))).toThrow(/numeric/);
  });
});

describe('compose project → local processes', () => {
  const compose = parseCompose(
    `services:
  redis:
    image: redis:7
    command: ["redis-server", "--appendonly", "yes"]
    healthcheck: { test: ["CMD", "redis-cli", "ping"] }
  recipe-service:
    build: .
    command: ["node", "dist/recipe-service/main.js"]
    environment: { PORT: "8080" }
  gateway:
    build: .
    command: ["node", "dist/gateway/main.js"]
    deploy: { replicas: 2 }
    depends_on: { redis: { condition: service_healthy } }
    environment:
      PORT: "8080"
      REDIS_URL: redis://:secret@redis:6379/0
      RECIPE_SERVICE_URL: http://recipe-service:8080
      OTHER: https://example.com:8080/redis
`,
    {},
  );

  it('gives each replica its own ports and points service URLs at the local replica', async () => {
    const plan = await planTopology(compose, parseDockerfile(DOCKERFILE), { workDir });
    const by = Object.fromEntries(plan.services.map((s) => [s.name, s.replicas]));
    const redisPort = by.redis[0].ports[6379];
    expect(by.redis[0].argv).toEqual(['redis-server', '--appendonly', 'yes', '--port', String(redisPort), '--bind', '127.0.0.1', '--dir', join(workDir, 'redis-1')]);
    expect(by.redis[0].healthcheck).toEqual(['redis-cli', '-p', String(redisPort), 'ping']);
    expect(by.gateway).toHaveLength(2);
    const [g1, g2] = by.gateway;
    expect(g1.env.PORT).not.toBe(g2.env.PORT);
    expect(g1.env.REDIS_URL).toBe(`redis://:secret@127.0.0.1:${redisPort}/0`);
    expect(g1.env.RECIPE_SERVICE_URL).toBe(`http://127.0.0.1:${by['recipe-service'][0].ports[8080]}`);
    expect(g1.env.OTHER).toBe('https://example.com:8080/redis');
    // The image ENV is there too, and the image command maps to the app's TypeScript entry.
    expect(g1.env).toMatchObject({ A: '1', T: 'dev', HOST: '127.0.0.1' });
    expect(g1.argv.slice(-1)[0]).toBe(join(repoRoot, 'apps/gateway/src/main.ts'));
    expect(g1.healthcheck).toEqual([process.execPath, join(repoRoot, 'deploy/docker/healthcheck.mjs'), '{pid}']);
  });

  it('refuses to address a service with several replicas (the harness has no load balancer)', async () => {
    const twoRecipe = parseCompose(
      `services:
  recipe-service: { build: ., command: ["node", "dist/recipe-service/main.js"], environment: { PORT: "8080" }, deploy: { replicas: 2 } }
  gateway: { build: ., command: ["node", "dist/gateway/main.js"], environment: { PORT: "8080", RECIPE_SERVICE_URL: "http://recipe-service:8080" } }
`,
      {},
    );
    await expect(planTopology(twoRecipe, parseDockerfile(DOCKERFILE), { workDir })).rejects.toThrow(/no load balancer/);
  });
});
