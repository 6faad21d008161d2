/**
 * The Kubernetes manifests: every overlay under deploy/kubernetes/overlays is built with
 * `kubectl kustomize` and each resulting object is validated against the Kubernetes schemas
 * (kubernetes-models, @kubernetes-models/keda for KEDA). The schemas accept unknown fields, so
 * what the apps rely on (probes, security context, resources, env names, autoscaling targets)
 * is checked explicitly too.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_QUEUES } from '@aicr/contracts';
import { CONFIG_ENV_PREFIXES, CONFIG_ENV_VARS, loadConfig } from '@aicr/platform';
import { DEFAULT_PREFIX } from '@aicr/queue';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './topology-compose';

const overlaysDir = join(repoRoot, 'deploy/kubernetes/overlays');
const overlays = readdirSync(overlaysDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const APPS = ['aicr-gateway', 'aicr-recipe-service', 'aicr-bundle-worker'] as const;

/** Manifests are plain YAML data, read field by field: typed loosely on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Obj;
  data?: Record<string, string>;
}

function kustomize(dir: string): K8sObject[] {
  const res = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.error && (res.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('kubectl is not installed: this test builds the overlays with `kubectl kustomize` (kubectl ≥ 1.27, Kustomize v5). Install kubectl and run it again.');
  }
  if (res.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${res.stderr}`);
  return parseAllDocuments(res.stdout)
    .map((d) => d.toJSON() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

/** The kubernetes-models class for apiVersion/kind; throws for a kind we have no schema for. */
async function modelFor(apiVersion: string, kind: string): Promise<new (data: unknown) => { validate(): void }> {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const mod = (group === 'keda.sh'
    ? await import('@kubernetes-models/keda/keda.sh/v1alpha1')
    : await import(/* @vite-ignore */ `kubernetes-models/${group ? `${group}/` : ''}${version}`)) as Record<string, unknown>;
  const model = mod[kind];
  if (typeof model !== 'function') throw new Error(`no schema for ${apiVersion} ${kind}`);
  return model as new (data: unknown) => { validate(): void };
}

const byKind = (objs: K8sObject[], kind: string) => objs.filter((o) => o.kind === kind);
const named = (objs: K8sObject[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name);
const readsVar = (name: string) => CONFIG_ENV_VARS.includes(name) || CONFIG_ENV_PREFIXES.some((p) => name.startsWith(p));
const podSpecs = (objs: K8sObject[]) => objs.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');

describe('Kubernetes manifests (kubectl kustomize deploy/kubernetes/overlays/*)', () => {
  const built = new Map<string, K8sObject[]>();

  beforeAll(() => {
    for (const overlay of overlays) built.set(overlay, kustomize(join(overlaysDir, overlay)));
  });

  it('has the dev, production and production-prometheus overlays', () => {
    expect(overlays).toEqual(expect.arrayContaining(['dev', 'production', 'production-prometheus']));
  });

  it('validates every object of every overlay against the Kubernetes (and KEDA) schemas', async () => {
    let validated = 0;
    for (const [overlay, objs] of built) {
      expect(objs.length, overlay).toBeGreaterThan(10);
      for (const obj of objs) {
        const Model = await modelFor(obj.apiVersion, obj.kind);
        try {
          new Model(obj).validate();
        } catch (err) {
          throw new Error(`${overlay}: ${obj.kind}/${obj.metadata.name} is invalid: ${(err as Error).message}`);
        }
        validated++;
      }
    }
    expect(validated).toBeGreaterThan(30);
  });

  it('deploys the three apps in every overlay, each with a Service or metrics Service and a PDB', () => {
    for (const [overlay, objs] of built) {
      for (const app of APPS) {
        const dep = named(objs, 'Deployment', app);
        expect(dep, `${overlay}: Deployment ${app}`).toBeDefined();
        const labels = dep!.spec.template.metadata.labels as Record<string, string>;
        const pdb = byKind(objs, 'PodDisruptionBudget').find((p) => Object.entries(p.spec.selector.matchLabels).every(([k, v]) => labels[k] === v));
        expect(pdb, `${overlay}: PDB for ${app}`).toBeDefined();
        expect(pdb!.spec.maxUnavailable ?? pdb!.spec.minAvailable, `${overlay}: ${app} PDB budget`).toBeDefined();
      }
      // Every Service selects pods that exist, on ports the containers name.
      for (const svc of byKind(objs, 'Service')) {
        const target = podSpecs(objs).find((w) => Object.entries(svc.spec.selector).every(([k, v]) => w.spec.template.metadata.labels[k] === v));
        expect(target, `${overlay}: Service ${svc.metadata.name} selects a workload`).toBeDefined();
        const portNames = target!.spec.template.spec.containers.flatMap((c: Obj) => (c.ports ?? []).map((p: Obj) => p.name));
        for (const p of svc.spec.ports) expect(portNames, `${overlay}: Service ${svc.metadata.name} port ${p.name}`).toContain(p.targetPort);
      }
    }
  });

  it('hardens every pod: non-root, RuntimeDefault seccomp, read-only root, no escalation, no capabilities, an emptyDir /tmp, resources', () => {
    for (const [overlay, objs] of built) {
      for (const w of podSpecs(objs)) {
        const where = `${overlay}: ${w.kind}/${w.metadata.name}`;
        const pod = w.spec.template.spec;
        expect(pod.securityContext?.runAsNonRoot, `${where} runAsNonRoot`).toBe(true);
        expect(pod.securityContext?.runAsUser, `${where} numeric non-root uid`).toBeGreaterThan(0);
        expect(pod.securityContext?.seccompProfile?.type, `${where} seccomp`).toBe('RuntimeDefault');
        expect(pod.automountServiceAccountToken, `${where} no API token`).toBe(false);
        const tmpVolumes = new Set((pod.volumes ?? []).filter((v: Obj) => v.emptyDir).map((v: Obj) => v.name));
        for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
          const cw = `${where} container ${c.name}`;
          expect(c.securityContext?.allowPrivilegeEscalation, `${cw} allowPrivilegeEscalation`).toBe(false);
          expect(c.securityContext?.readOnlyRootFilesystem, `${cw} readOnlyRootFilesystem`).toBe(true);
          expect(c.securityContext?.capabilities?.drop, `${cw} drops ALL`).toContain('ALL');
          expect(c.securityContext?.capabilities?.add ?? [], `${cw} adds no capability`).toEqual([]);
          expect(c.resources?.requests?.cpu, `${cw} requests.cpu`).toBeDefined();
          expect(c.resources?.requests?.memory, `${cw} requests.memory`).toBeDefined();
          expect(c.resources?.limits?.memory, `${cw} limits.memory`).toBeDefined();
          const tmp = (c.volumeMounts ?? []).find((m: Obj) => m.mountPath === '/tmp');
          expect(tmp && tmpVolumes.has(tmp.name), `${cw} has an emptyDir on /tmp`).toBe(true);
          expect(c.livenessProbe, `${cw} livenessProbe`).toBeDefined();
          expect(c.readinessProbe, `${cw} readinessProbe`).toBeDefined();
        }
      }
    }
  });

  it('probes /health for liveness and /ready for readiness (workers: /health on AICR_METRICS_PORT)', () => {
    for (const [overlay, objs] of built) {
      for (const app of APPS) {
        const c = named(objs, 'Deployment', app)!.spec.template.spec.containers[0];
        const where = `${overlay}: ${app}`;
        const portNumber = (p: string | number) => (typeof p === 'number' ? p : c.ports.find((x: { name: string }) => x.name === p)?.containerPort);
        const env = Object.fromEntries((c.env ?? []).map((e: { name: string; value?: string }) => [e.name, e.value]));
        const listenPort = Number(app === 'aicr-bundle-worker' ? env.AICR_METRICS_PORT : (env.PORT ?? 8080));
        expect(listenPort, `${where} listen port`).toBeGreaterThan(0);
        const ready = app === 'aicr-bundle-worker' ? '/health' : '/ready';
        for (const [probe, path] of [['livenessProbe', '/health'], ['readinessProbe', ready], ['startupProbe', '/health']] as const) {
          expect(c[probe]?.httpGet?.path, `${where} ${probe} path`).toBe(path);
          expect(portNumber(c[probe].httpGet.port), `${where} ${probe} port`).toBe(listenPort);
        }
      }
    }
  });

  it('runs each app with the image command, sets only variables the apps read, REDIS_URL from a Secret', () => {
    for (const [overlay, objs] of built) {
      const configMaps = new Map(byKind(objs, 'ConfigMap').map((c) => [c.metadata.name, c]));
      const images = new Set<string>();
      for (const app of APPS) {
        const pod = named(objs, 'Deployment', app)!.spec.template.spec;
        const c = pod.containers[0];
        const where = `${overlay}: ${app}`;
        images.add(c.image);
        expect(c.command, `${where} command`).toEqual(['node', `dist/${app.replace(/^aicr-/, '')}/main.js`]);
        const names: string[] = (c.env ?? []).map((e: { name: string }) => e.name);
        for (const ref of c.envFrom ?? []) {
          const cm = configMaps.get(ref.configMapRef?.name);
          expect(cm, `${where} envFrom ConfigMap ${ref.configMapRef?.name} exists`).toBeDefined();
          names.push(...Object.keys(cm!.data ?? {}));
        }
        expect(names.filter((n) => !readsVar(n)), `${where} sets variables no app reads`).toEqual([]);
        // Service links would add *_PORT / *_SERVICE_HOST variables nobody asked for.
        expect(pod.enableServiceLinks, `${where} enableServiceLinks`).toBe(false);
        // The drain (SHUTDOWN_TIMEOUT_SECONDS) fits in the grace period.
        const shutdown = Number(c.env.find((e: { name: string }) => e.name === 'SHUTDOWN_TIMEOUT_SECONDS')?.value ?? loadConfig({}).config.shutdownTimeoutSeconds);
        expect(pod.terminationGracePeriodSeconds, `${where} grace period`).toBeGreaterThan(shutdown);
        if (app !== 'aicr-recipe-service') {
          const redis = c.env.find((e: { name: string }) => e.name === 'REDIS_URL');
          expect(redis?.valueFrom?.secretKeyRef, `${where} REDIS_URL from a Secret`).toMatchObject({ name: 'aicr-redis', key: 'url' });
        }
      }
      expect(images.size, `${overlay}: one image for all apps`).toBe(1);

      const gw = named(objs, 'Deployment', 'aicr-gateway')!.spec.template.spec.containers[0];
      const envOf = (n: string) => gw.env.find((e: { name: string }) => e.name === n)?.value;
      expect(envOf('AICR_EMBEDDED_WORKER'), `${overlay}: gateways leave rendering to workers`).toBe('false');
      const recipeUrl = new URL(envOf('RECIPE_SERVICE_URL'));
      const recipeSvc = named(objs, 'Service', recipeUrl.hostname);
      expect(recipeSvc, `${overlay}: RECIPE_SERVICE_URL names a Service`).toBeDefined();
      expect(recipeSvc!.spec.ports.map((p: { port: number }) => String(p.port))).toContain(recipeUrl.port);
    }
  });

  it('keeps allowlists and rate limits in one ConfigMap with the apps\' defaults', () => {
    for (const [overlay, objs] of built) {
      const cm = byKind(objs, 'ConfigMap').find((c) => c.metadata.name.startsWith('aicr-config'));
      expect(cm, `${overlay}: aicr-config`).toBeDefined();
      for (const key of ['AICR_ALLOWED_ACCELERATORS', 'AICR_ALLOWED_SERVICES', 'AICR_ALLOWED_INTENTS', 'AICR_ALLOWED_OS', 'AICR_RATE_LIMIT', 'AICR_RATE_LIMIT_BURST']) {
        expect(Object.keys(cm!.data ?? {}), `${overlay}: aicr-config has ${key}`).toContain(key);
      }
      const { config, warnings } = loadConfig(cm!.data);
      expect(warnings, `${overlay}: aicr-config values parse`).toEqual([]);
      expect(config, `${overlay}: aicr-config holds the documented defaults`).toEqual(loadConfig({}).config);
    }
  });

  it('dev runs its own Redis (noeviction, append-only, on a volume); production reads the operator\'s Secret', () => {
    const dev = built.get('dev')!;
    const redis = named(dev, 'StatefulSet', 'aicr-redis');
    expect(redis, 'dev: Redis StatefulSet').toBeDefined();
    const args = redis!.spec.template.spec.containers[0].args.join(' ');
    expect(args).toMatch(/--maxmemory-policy noeviction\b/);
    expect(args).toMatch(/--appendonly yes\b/);
    expect(redis!.spec.volumeClaimTemplates?.[0]?.metadata?.name).toBe('data');
    const secret = named(dev, 'Secret', 'aicr-redis');
    expect(Buffer.from(secret!.data!.url, 'base64').toString()).toBe('redis://aicr-redis:6379');
    expect(named(dev, 'Service', 'aicr-redis')).toBeDefined();
    for (const overlay of ['production', 'production-prometheus']) {
      const objs = built.get(overlay)!;
      expect(named(objs, 'Secret', 'aicr-redis'), `${overlay}: the Redis Secret is not in git`).toBeUndefined();
      expect(named(objs, 'StatefulSet', 'aicr-redis'), `${overlay}: no in-cluster Redis`).toBeUndefined();
      const gwHpa = named(objs, 'HorizontalPodAutoscaler', 'aicr-gateway')!;
      expect(gwHpa.spec.minReplicas, `${overlay}: more gateways than dev`).toBeGreaterThan(named(dev, 'HorizontalPodAutoscaler', 'aicr-gateway')!.spec.minReplicas);
      expect(named(objs, 'Deployment', 'aicr-recipe-service')!.spec.replicas).toBeGreaterThan(named(dev, 'Deployment', 'aicr-recipe-service')!.spec.replicas);
    }
  });

  it('scales gateways with an HPA on CPU', () => {
    for (const [overlay, objs] of built) {
      const hpa = named(objs, 'HorizontalPodAutoscaler', 'aicr-gateway');
      expect(hpa?.spec.scaleTargetRef, `${overlay}: gateway HPA`).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'aicr-gateway' });
      expect(hpa!.spec.metrics.some((m: Obj) => m.type === 'Resource' && m.resource.name === 'cpu'), `${overlay}: CPU metric`).toBe(true);
      expect(named(objs, 'Deployment', 'aicr-gateway')!.spec.replicas, `${overlay}: the HPA owns gateway replicas`).toBeUndefined();
    }
    const inFlight = named(built.get('production-prometheus')!, 'HorizontalPodAutoscaler', 'aicr-gateway')!.spec.metrics.find((m: Obj) => m.type === 'Pods');
    expect(inFlight?.pods.metric.name).toBe('aicr_http_requests_in_flight');
  });

  it('scales workers on queue depth with exactly one autoscaler: KEDA on the BullMQ wait lists, or an HPA on aicr_queue_jobs{state="waiting"}', () => {
    const queues = Object.values(BUNDLE_QUEUES).sort();
    for (const [overlay, objs] of built) {
      const scaled = byKind(objs, 'ScaledObject').filter((s) => s.spec.scaleTargetRef.name === 'aicr-bundle-worker');
      const hpas = byKind(objs, 'HorizontalPodAutoscaler').filter((h) => h.spec.scaleTargetRef.name === 'aicr-bundle-worker');
      expect(scaled.length + hpas.length, `${overlay}: at most one worker autoscaler`).toBeLessThanOrEqual(1);
      const worker = named(objs, 'Deployment', 'aicr-bundle-worker')!;
      if (scaled.length + hpas.length === 1) expect(worker.spec.replicas, `${overlay}: the autoscaler owns worker replicas`).toBeUndefined();
      else expect(worker.spec.replicas, `${overlay}: fixed worker replicas`).toBeGreaterThan(0);
    }

    const keda = built.get('production')!;
    const so = named(keda, 'ScaledObject', 'aicr-bundle-worker')!;
    expect(so, 'production: ScaledObject').toBeDefined();
    expect(so.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
    const lists = so.spec.triggers.map((t: Obj) => {
      expect(t.type).toBe('redis');
      expect(Number(t.metadata.listLength)).toBeGreaterThan(0);
      const auth = named(keda, 'TriggerAuthentication', t.authenticationRef.name);
      expect(auth, `TriggerAuthentication ${t.authenticationRef.name}`).toBeDefined();
      expect(auth!.spec.secretTargetRef.map((r: Obj) => r.parameter).sort()).toEqual(['address', 'password']);
      expect(auth!.spec.secretTargetRef.every((r: Obj) => r.name === 'aicr-redis')).toBe(true);
      return t.metadata.listName as string;
    });
    // `<prefix>:<queue>:wait`: the prefix the apps are configured with, the queue lib's names.
    const prefix = byKind(keda, 'ConfigMap').find((c) => c.metadata.name.startsWith('aicr-config'))!.data!.AICR_REDIS_PREFIX ?? DEFAULT_PREFIX;
    expect(prefix).toBe(DEFAULT_PREFIX);
    expect(lists.sort()).toEqual(queues.map((q) => `${prefix}:${q}:wait`));

    const prom = built.get('production-prometheus')!;
    expect(byKind(prom, 'ScaledObject')).toEqual([]);
    const hpa = named(prom, 'HorizontalPodAutoscaler', 'aicr-bundle-worker')!;
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'aicr-bundle-worker' });
    const external = hpa.spec.metrics.filter((m: Obj) => m.type === 'External');
    expect(external.map((m: Obj) => m.external.metric.name)).toEqual(external.map(() => 'aicr_queue_jobs'));
    expect(external.map((m: Obj) => m.external.metric.selector.matchLabels.state)).toEqual(external.map(() => 'waiting'));
    expect(external.map((m: Obj) => m.external.metric.selector.matchLabels.queue).sort()).toEqual(queues);
  });

  it('puts everything of an overlay in its own namespace, which it creates', () => {
    for (const [overlay, objs] of built) {
      const ns = byKind(objs, 'Namespace');
      expect(ns, `${overlay}: one Namespace`).toHaveLength(1);
      for (const o of objs) if (o.kind !== 'Namespace') expect(o.metadata.namespace, `${overlay}: ${o.kind}/${o.metadata.name}`).toBe(ns[0].metadata.name);
    }
  });
});
