/**
 * The container image without Docker: the Dockerfile's steps replayed on this machine.
 *
 * - build stage: its RUN steps run in the repository (the stage's WORKDIR /src is the repo, whose
 *   files its COPY steps take); its `npm ci` is skipped, the repo's own install standing in for
 *   it (re-installing would change the shared working tree). Paths it writes outside /src (the
 *   /manifests it hands over) go to a scratch folder.
 * - runtime stage: every COPY, RUN, ENV, WORKDIR, USER, CMD and HEALTHCHECK as written, into a
 *   scratch "image root" — so `npm ci --omit=dev` really installs the production dependencies of
 *   the built output. Only `npm cache clean` is left out: it would wipe this machine's cache.
 * Then the three apps run from that folder as the image's non-root user (setpriv), with the
 * image's command and environment (and the compose file's per-app commands), on a private Redis:
 * /health, the HEALTHCHECK, a recipe and a verified bundle.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { freePort, RedisServer, waitForPort } from '@aicr/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appOfCommand, loadCompose, repoRoot } from './topology-compose';
import { copySteps, finalStage, imageCommand, imageEnv, imageHealthcheck, imageUser, imageWorkdir, loadDockerfile } from './topology-dockerfile';
import { checksumDirs, verifyChecksums } from './topology-workflow';

const dockerfile = loadDockerfile();
const runtime = finalStage(dockerfile);
const buildStage = dockerfile.stages.find((s) => s.name === 'build');

function sh(command: string, cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', command], { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 480_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`\`${command}\` failed in ${cwd}:\n${stdout}${stderr}`)) : resolve(`${stdout}${stderr}`),
    );
  });
}

/** Docker COPY: a directory's contents go into dest; a file goes to dest/ or to dest itself. */
function dockerCopy(src: string, dest: string, destIsDir: boolean): void {
  if (!existsSync(src)) throw new Error(`COPY source missing: ${src}`);
  if (statSync(src).isDirectory()) {
    mkdirSync(dest, { recursive: true });
    cpSync(src, dest, { recursive: true });
  } else {
    const target = destIsDir ? join(dest, basename(src)) : dest;
    mkdirSync(dirname(target), { recursive: true });
    cpSync(src, target);
  }
}

interface ReplayedImage {
  /** Host path of the image's WORKDIR. */
  workdir: string;
  env: Record<string, string>;
  user: { uid: number; gid: number };
  cmd: string[];
  healthcheck: string[];
}

/** One pass over the runtime stage, in order: WORKDIR, COPY (context or build stage), RUN. */
async function replayRuntime(buildPath: (p: string) => string, root: string): Promise<void> {
  const steps = copySteps(runtime);
  let copyIndex = 0;
  let workdir = '/';
  for (const { op, args } of runtime.instructions) {
    if (op === 'WORKDIR') {
      workdir = args;
      mkdirSync(join(root, workdir), { recursive: true });
    } else if (op === 'COPY') {
      const step = steps[copyIndex++];
      const destIsDir = step.dest.endsWith('/') || step.sources.length > 1;
      for (const src of step.sources) {
        const from = step.from === undefined ? join(repoRoot, src) : step.from === 'build' ? buildPath(src.replace(/\/$/, '')) : undefined;
        if (!from) throw new Error(`COPY --from=${step.from}: unknown stage`);
        dockerCopy(from, join(root, step.dest), destIsDir);
      }
    } else if (op === 'RUN') {
      const command = args.split('&&').map((s) => s.trim()).filter((s) => !/^npm cache clean\b/.test(s)).join(' && ');
      await sh(command, join(root, workdir), {
        ...process.env,
        ...imageEnv(dockerfile, runtime),
        npm_config_prefer_offline: 'true',
        npm_config_update_notifier: 'false',
      });
    }
  }
}

interface App {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

describe('container image (Dockerfile replayed without Docker)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'aicr-image-'));
  const root = join(scratch, 'image');
  let image: ReplayedImage;
  let redis: RedisServer | undefined;
  const apps: App[] = [];
  const ports: Record<string, number> = {};

  /** The image env as the container sees it, image paths pointing into the replayed root. */
  const containerEnv = (extra: Record<string, string>): Record<string, string> => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    for (const [k, v] of Object.entries(image.env)) env[k] = v.startsWith('/') ? join(root, v) : v;
    return { ...env, ...extra };
  };
  /** `node …` as the image's USER, from WORKDIR. */
  const asImageUser = (argv: string[]) => {
    if (argv[0] !== 'node') throw new Error(`expected a node command, got ${argv.join(' ')}`);
    return ['--reuid', String(image.user.uid), '--regid', String(image.user.gid), '--clear-groups', process.execPath, ...argv.slice(1)];
  };
  const start = (name: string, argv: string[], env: Record<string, string>): App => {
    const child = spawn('setpriv', asImageUser(argv), { cwd: image.workdir, env: containerEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', (err) => (output += err.message));
    const app = { name, child, exited: new Promise<number | null>((r) => child.on('exit', (code) => r(code))), output: () => output };
    apps.push(app);
    return app;
  };
  const url = (app: string, path: string) => `http://127.0.0.1:${ports[app]}${path}`;

  beforeAll(async () => {
    if (spawnSync('setpriv', ['--version']).error) {
      throw new Error('setpriv is not installed: this test runs the image as its non-root USER with it (Debian: util-linux)');
    }
    if (spawnSync('redis-server', ['--version']).error) throw new Error('redis-server is not installed (Debian: apt-get install redis-server)');
    // Readable by the image's user all the way down, like the image's own layers.
    chmodSync(scratch, 0o755);
    if (!buildStage) throw new Error('the Dockerfile has no `build` stage');
    const buildFs = join(scratch, 'build-fs');
    const buildPath = (p: string) => (p === '/src' || p.startsWith('/src/') ? join(repoRoot, p.slice('/src'.length)) : join(buildFs, p));
    const handedOver = copySteps(runtime)
      .filter((c) => c.from === 'build')
      .flatMap((c) => c.sources.map((s) => s.replace(/\/$/, '')))
      .filter((p) => !p.startsWith('/src'));

    // Build stage, in the repository.
    expect(imageWorkdir(buildStage)).toBe('/src');
    for (const { op, args } of buildStage.instructions) {
      if (op !== 'RUN' || /^npm ci\b/.test(args)) continue;
      let command = args;
      for (const p of handedOver) command = command.split(p).join(buildPath(p));
      await sh(command, repoRoot);
    }
    // Runtime stage, into the scratch image root.
    await replayRuntime(buildPath, root);
    image = {
      workdir: join(root, imageWorkdir(runtime)),
      env: imageEnv(dockerfile, runtime),
      user: imageUser(runtime)!,
      cmd: imageCommand(runtime),
      healthcheck: imageHealthcheck(runtime)!,
    };

    redis = await RedisServer.start();
    const compose = loadCompose(undefined, {});
    const commandOf = (svc: string) => compose.services[svc].command ?? image.cmd;
    for (const name of ['recipe-service', 'gateway', 'bundle-worker']) ports[name] = await freePort();
    start('recipe-service', commandOf('recipe-service'), { PORT: String(ports['recipe-service']), HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
    // The gateway with the image's default command.
    start('gateway', image.cmd, {
      PORT: String(ports.gateway),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RECIPE_SERVICE_URL: `http://127.0.0.1:${ports['recipe-service']}`,
      REDIS_URL: redis.url,
      AICR_EMBEDDED_WORKER: 'false',
    });
    start('bundle-worker', commandOf('bundle-worker'), { AICR_METRICS_PORT: String(ports['bundle-worker']), HOST: '127.0.0.1', LOG_LEVEL: 'warn', REDIS_URL: redis.url });
    try {
      for (const name of Object.keys(ports)) await waitForPort(ports[name], '127.0.0.1', 60_000);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${apps.map((a) => `--- ${a.name} ---\n${a.output()}`).join('\n')}`);
    }
  }, 600_000);

  afterAll(async () => {
    for (const app of apps) {
      if (app.child.exitCode === null) app.child.kill('SIGKILL');
      await app.exited;
    }
    await redis?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('takes CMD, ENV, USER and HEALTHCHECK from the Dockerfile: node dist/gateway/main.js as a numeric non-root user', () => {
    expect(appOfCommand(image.cmd)).toBe('gateway');
    expect(image.user.uid).toBeGreaterThan(0);
    expect(image.env).toMatchObject({ NODE_ENV: 'production', AICR_RECIPES_DIR: '/app/recipes', PORT: '8080' });
    expect(image.healthcheck[0]).toBe('node');
    // Exactly what the runtime stage copied: no sources, no tests, no dev tooling.
    for (const path of ['dist/gateway/main.js', 'dist/recipe-service/main.js', 'dist/bundle-worker/main.js', 'recipes/registry.yaml', 'healthcheck.mjs', 'package-lock.json']) {
      expect(existsSync(join(image.workdir, path)), path).toBe(true);
    }
    for (const path of ['apps/gateway/src', 'libs/contracts/src', 'tests/src', 'tools', 'deploy']) expect(existsSync(join(image.workdir, path)), path).toBe(false);
  });

  it('sends every file the Dockerfile copies from the context past .dockerignore', () => {
    const patterns = readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    // The forms .dockerignore here uses: a path (and all below it), `**/name`, `*.ext`.
    const ignored = (path: string) =>
      patterns.some((p) => {
        if (p.startsWith('**/')) return path.split('/').includes(p.slice(3));
        if (p.startsWith('*.')) return path.split('/').some((seg) => seg.endsWith(p.slice(1)));
        return path === p || path.startsWith(`${p}/`);
      });
    const sources = [...dockerfile.stages.flatMap((st) => copySteps(st))].filter((c) => c.from === undefined).flatMap((c) => c.sources);
    expect(sources.length).toBeGreaterThan(5);
    for (const src of sources) expect(ignored(src.replace(/\/$/, '')), `${src} is excluded by .dockerignore`).toBe(false);
    // And what must not travel: dependencies and build output of the host, VCS data.
    for (const path of ['node_modules', 'dist', '.git', 'libs/queue/node_modules']) expect(ignored(path), path).toBe(true);
  });

  it('ships production dependencies only', () => {
    const nm = join(image.workdir, 'node_modules');
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    for (const dep of Object.keys(manifest.dependencies)) expect(existsSync(join(nm, dep, 'package.json')), `dependency ${dep}`).toBe(true);
    for (const dev of ['vitest', 'esbuild', 'typescript', 'tsx', 'nx', 'kubernetes-models']) expect(existsSync(join(nm, dev)), `devDependency ${dev}`).toBe(false);
  });

  it('runs every app as the image user, unable to write to its own files', () => {
    for (const app of apps) {
      const status = readFileSync(`/proc/${app.child.pid}/status`, 'utf8');
      const uid = /^Uid:\s+(\d+)\s+(\d+)/m.exec(status)!;
      expect(Number(uid[1]), `${app.name} real uid`).toBe(image.user.uid);
      expect(Number(uid[2]), `${app.name} effective uid`).toBe(image.user.uid);
      expect(readFileSync(`/proc/${app.child.pid}/cmdline`, 'utf8').split('\0')).toContain(`dist/${app.name}/main.js`);
    }
    const write = spawnSync('setpriv', asImageUser(['node', '-e', "require('fs').writeFileSync('dist/tampered', 'x')"]), { cwd: image.workdir, encoding: 'utf8' });
    expect(write.status, 'the app cannot modify its code').not.toBe(0);
    expect(write.stderr).toMatch(/EACCES/);
  });

  it('answers /health, and the image HEALTHCHECK passes for the gateway and (on AICR_METRICS_PORT) the worker', async () => {
    const health = await fetch(url('gateway', '/health'));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'healthy' });
    for (const [name, port, env] of [
      ['gateway', ports.gateway, { PORT: String(ports.gateway) }],
      ['bundle-worker', ports['bundle-worker'], { AICR_METRICS_PORT: String(ports['bundle-worker']) }],
    ] as const) {
      const app = apps.find((a) => a.name === name)!;
      // In a container the script reads PID 1's command line; here the app's pid stands in for it.
      const res = spawnSync('setpriv', asImageUser([...image.healthcheck, String(app.child.pid)]), {
        cwd: image.workdir,
        env: containerEnv({ ...env, HOST: '127.0.0.1' }),
        encoding: 'utf8',
      });
      expect(res.status, `${name} HEALTHCHECK on port ${port}: ${res.stderr}`).toBe(0);
    }
  });

  it('serves a recipe and a bundle whose checksums verify, through all three apps of the image', async () => {
    const recipe = await fetch(url('gateway', '/v1/recipe?accelerator=h100&service=eks&intent=training&os=ubuntu'));
    expect(recipe.status).toBe(200);
    const body = (await recipe.json()) as { kind: string; componentRefs: { name: string }[] };
    expect(body.kind).toBe('RecipeResult');
    expect(body.componentRefs.map((c) => c.name)).toContain('gpu-operator');

    const bundle = await fetch(url('gateway', '/v1/bundle?bundlers=gpu-operator'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(bundle.status, await bundle.clone().text().then((t) => t.slice(0, 300))).toBe(200);
    const dir = join(scratch, 'bundle');
    mkdirSync(dir);
    writeFileSync(join(dir, 'bundles.zip'), Buffer.from(await bundle.arrayBuffer()));
    expect(spawnSync('unzip', ['-q', 'bundles.zip', '-d', 'deployment'], { cwd: dir }).status).toBe(0);
    const dirs = checksumDirs(join(dir, 'deployment'));
    expect(dirs).toEqual(['', 'gpu-operator']);
    for (const d of dirs) expect((await verifyChecksums(join(dir, 'deployment'), d)).ok, d).toBe(true);
  });
});
