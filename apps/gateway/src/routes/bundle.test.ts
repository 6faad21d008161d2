import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, expectEnvelope } from '../test-support/app-fixture';
import { bundleHeaders, formatDuration } from './bundle';

const SEED_BODY = JSON.stringify({
  apiVersion: 'aicr.nvidia.com/v1alpha1',
  kind: 'Recipe',
  componentRefs: [
    { name: 'gpu-operator', version: 'v25.3.3', type: 'helm' },
    { name: 'network-operator', version: 'v25.4.0', type: 'helm' },
  ],
});

let app: FastifyInstance;
let eksRecipe: string;
let eksTrainingRecipe: string;

beforeAll(async () => {
  app = await buildTestApp();
  // The seed pipes GET /v1/recipe into POST /v1/bundle; so do these tests.
  eksRecipe = (await app.inject({ method: 'GET', url: '/v1/recipe?accelerator=h100&service=eks' })).body;
  eksTrainingRecipe = (await app.inject({ method: 'GET', url: '/v1/recipe?service=eks&accelerator=h100&intent=training' })).body;
}, 60_000);
afterAll(async () => {
  await app.close();
});

const post = (query: string, payload: string, contentType = 'application/json') =>
  app.inject({ method: 'POST', url: `/v1/bundle${query}`, headers: { 'content-type': contentType }, payload });

/** Unzips the answer into a temp dir, runs `sha256sum -c`, returns the file list (relative). */
function unpack(res: LightMyRequestResponse, check: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'aicr-bundle-test-'));
  try {
    writeFileSync(join(dir, 'bundles.zip'), res.rawPayload);
    execFileSync('unzip', ['-q', 'bundles.zip', '-d', 'out'], { cwd: dir });
    check(join(dir, 'out'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const filesUnder = (root: string): string[] =>
  readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((p) => statSync(join(root, p)).isFile())
    .map((p) => relative(root, join(root, p)))
    .sort();
const sha256sumOk = (cwd: string) => execFileSync('sha256sum', ['-c', '--strict', 'checksums.txt'], { cwd, encoding: 'utf8' });

function expectZip(res: LightMyRequestResponse): void {
  expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
  const sha = createHash('sha256').update(res.rawPayload).digest('hex');
  expect(res.headers['content-type']).toBe('application/zip');
  expect(res.headers['content-disposition']).toBe('attachment; filename="bundles.zip"');
  expect(res.headers['content-length']).toBe(String(res.rawPayload.length));
  expect(res.headers['x-bundle-sha256']).toBe(sha);
  expect(res.headers.etag).toBe(`"${sha}"`);
  expect(res.headers['x-bundle-duration']).toMatch(/^[0-9]+(\.[0-9]+)?(ms|s)$/);
  expect(res.headers['cache-control']).toBeUndefined();
  expect(res.headers['x-request-id']).toBeTypeOf('string');
}

describe('POST /v1/bundle: the seed examples', () => {
  it('basic: recipe piped into bundlers=gpu-operator; checksums verify at root and in gpu-operator/', async () => {
    const res = await post('?bundlers=gpu-operator', eksRecipe);
    expectZip(res);
    unpack(res, (out) => {
      const files = filesUnder(out);
      expect(files).toStrictEqual([
        'README.md', 'checksums.txt', 'deploy.sh',
        'gpu-operator/README.md', 'gpu-operator/checksums.txt', 'gpu-operator/manifests/dcgm-exporter.yaml',
        'gpu-operator/scripts/install.sh', 'gpu-operator/scripts/uninstall.sh', 'gpu-operator/values.yaml',
        'recipe.yaml', 'undeploy.sh',
      ]);
      expect(res.headers['x-bundle-files']).toBe(String(files.length));
      expect(res.headers['x-bundle-size']).toBe(String(files.reduce((n, f) => n + statSync(join(out, f)).size, 0)));
      expect(sha256sumOk(out)).toMatch(/OK/);
      expect(sha256sumOk(join(out, 'gpu-operator'))).toMatch(/OK/);
    });
  });

  it('advanced: deployer=argocd, repo and set=gpuoperator:gds.enabled=true', async () => {
    const res = await post('?bundlers=gpu-operator&deployer=argocd&repo=https://github.com/my-org/my-gitops-repo.git&set=gpuoperator:gds.enabled=true', eksRecipe);
    expectZip(res);
    unpack(res, (out) => {
      const files = filesUnder(out);
      expect(files).toContain('app-of-apps.yaml');
      expect(files).toContain('gpu-operator/application.yaml');
      expect(files).not.toContain('recipe.yaml');
      expect(readFileSync(join(out, 'app-of-apps.yaml'), 'utf8')).toContain('https://github.com/my-org/my-gitops-repo.git');
      expect(readFileSync(join(out, 'gpu-operator/values.yaml'), 'utf8')).toMatch(/gds:\n\s+enabled: true/);
      expect(sha256sumOk(out)).toMatch(/OK/);
      expect(sha256sumOk(join(out, 'gpu-operator'))).toMatch(/OK/);
    });
  });

  it('node scheduling for system and GPU nodes', async () => {
    const res = await post(
      '?bundlers=gpu-operator&system-node-selector=nodeGroup=system&system-node-toleration=dedicated=system:NoSchedule&accelerated-node-selector=nvidia.com/gpu.present=true&accelerated-node-toleration=nvidia.com/gpu=present:NoSchedule',
      eksRecipe,
    );
    expectZip(res);
    unpack(res, (out) => {
      const values = readFileSync(join(out, 'gpu-operator/values.yaml'), 'utf8');
      expect(values).toContain('nodeGroup: system');
      expect(values).toContain('nvidia.com/gpu.present: "true"');
      expect(values).toContain('dedicated');
      expect(sha256sumOk(out)).toMatch(/OK/);
    });
  });

  it.each([
    ['all available bundles (no bundlers)', '', ['gpu-operator', 'network-operator']],
    ['multiple specific bundles', '?bundlers=gpu-operator,network-operator', ['gpu-operator', 'network-operator']],
  ])('hand-written body with "type":"helm": %s', async (_name, query, dirs) => {
    const res = await post(query, SEED_BODY);
    expectZip(res);
    unpack(res, (out) => {
      for (const d of dirs) {
        expect(filesUnder(join(out, d))).toContain('values.yaml');
        expect(sha256sumOk(join(out, d))).toMatch(/OK/);
      }
      expect(sha256sumOk(out)).toMatch(/OK/);
      // Registry defaults fill what the seed's refs leave out (BUNDLES.md §3.5).
      const recipe = readFileSync(join(out, 'recipe.yaml'), 'utf8');
      expect(recipe).toContain('https://helm.ngc.nvidia.com/nvidia');
      expect(recipe).toContain('nvidia-network-operator');
      expect(readFileSync(join(out, 'deploy.sh'), 'utf8')).toContain('gpu-operator');
    });
  });

  it('the deprecated wrapper body, whatever the Content-Type', async () => {
    const res = await post('', JSON.stringify({ recipe: JSON.parse(SEED_BODY), bundlers: ['gpu-operator'] }), 'text/plain');
    expectZip(res);
    unpack(res, (out) => expect(filesUnder(out).some((f) => f.startsWith('network-operator/'))).toBe(false));
  });

  it('X-Bundle-Warnings carries the registry validation warnings, URL-encoded and ;-joined', async () => {
    const res = await post('?bundlers=skyhook-customizations', eksTrainingRecipe);
    expectZip(res);
    const warnings = String(res.headers['x-bundle-warnings']).split(';').map(decodeURIComponent);
    expect(warnings).toStrictEqual([
      'This may cause skyhook to evict running training jobs. Consider setting --workload-selector to prevent eviction.',
      'Without this selector, the customization will run on all nodes. Consider setting --accelerated-node-selector to target specific nodes.',
    ]);
    expect(String(res.headers['x-bundle-warnings'])).toMatch(/^[\x21-\x7e]+$/);
  });

  it('no X-Bundle-Warnings without warnings; identical requests give identical zips', async () => {
    const a = await post('?bundlers=gpu-operator', eksTrainingRecipe);
    const b = await post('?bundlers=gpu-operator', eksTrainingRecipe);
    expect(a.headers['x-bundle-warnings']).toBeUndefined();
    expect(a.headers.etag).toBe(b.headers.etag);
  });
});

describe('POST /v1/bundle: errors through HTTP', () => {
  it.each([
    ['set without "="', '?set=gpuoperator:gds', SEED_BODY, 'Invalid set parameter', { error: 'invalid format "gpuoperator:gds": expected key:path=value' }],
    ['deployer', '?deployer=flux', SEED_BODY, 'Invalid deployer parameter', { error: 'invalid deployer type "flux": must be one of [argocd helm]' }],
    ['nodes', '?nodes=-1', SEED_BODY, 'nodes must be a non-negative integer', undefined],
    ['empty body', '', '', 'Invalid request body', { error: 'EOF' }],
    ['wrapper recipe null', '', '{"recipe":null}', 'Recipe is required', undefined],
    ['no components', '', '{"componentRefs":[]}', 'Recipe must contain at least one component reference', undefined],
    ['traversal name', '', '{"componentRefs":[{"name":"../x"}]}', 'Invalid request body', 'any'],
    ['__proto__', '', '{"componentRefs":[{"name":"gpu-operator","overrides":{"__proto__":{"a":1}}}]}', 'Invalid request body', 'any'],
    ['bundler alias', '?bundlers=gpuoperator', SEED_BODY, 'Invalid bundler type', 'any'],
    ['none requested', '?bundlers=cert-manager', SEED_BODY, 'None of the requested bundlers are in the recipe', { requested: ['cert-manager'], available: ['gpu-operator', 'network-operator'] }],
  ] as const)('%s', async (_name, query, body, message, details) => {
    expectEnvelope(await post(query, body), 400, 'INVALID_REQUEST', message, details as Record<string, unknown> | 'any' | undefined);
  });

  it.each(['GET', 'PUT', 'DELETE', 'PATCH'] as const)('%s → 405 with Allow: POST', async (method) => {
    const res = await app.inject({ method, url: '/v1/bundle' });
    expectEnvelope(res, 405, 'METHOD_NOT_ALLOWED', 'Method not allowed', { method });
    expect(res.headers.allow).toBe('POST');
  });

  it('a body over 10 MiB → 413', async () => {
    const res = await post('', `{"x":"${'a'.repeat(10_485_760)}"}`);
    expectEnvelope(res, 413, 'INVALID_REQUEST', 'Request body too large', { limit: 10_485_760 });
  });

  it('criteria allowlists apply to the body criteria', async () => {
    const restricted = await buildTestApp({ env: { AICR_ALLOWED_ACCELERATORS: 'l40' } });
    try {
      const res = await restricted.inject({ method: 'POST', url: '/v1/bundle', payload: eksRecipe, headers: { 'content-type': 'application/json' } });
      expectEnvelope(res, 400, 'INVALID_REQUEST', 'accelerator type not allowed', { requested: 'h100', allowed: ['l40'] });
    } finally {
      await restricted.close();
    }
  });

  it('past AICR_BUNDLE_TIMEOUT_MS → 504 TIMEOUT (row 24)', async () => {
    const slow = await buildTestApp({ env: { AICR_BUNDLE_TIMEOUT_MS: '1' } });
    try {
      // Twelve components cannot render within 1 ms of acceptance.
      const res = await slow.inject({ method: 'POST', url: '/v1/bundle', payload: eksTrainingRecipe });
      expectEnvelope(res, 504, 'TIMEOUT', 'Request timed out', 'any');
    } finally {
      await slow.close();
    }
  });

  it('chart source allowlist (AICR_ALLOWED_SOURCES)', async () => {
    const restricted = await buildTestApp({ env: { AICR_ALLOWED_SOURCES: 'charts.example.com' } });
    try {
      const body = JSON.stringify({ componentRefs: [{ name: 'my-app', source: 'https://evil.example.org/charts' }] });
      const res = await restricted.inject({ method: 'POST', url: '/v1/bundle', payload: body });
      const env = expectEnvelope(res, 400, 'INVALID_REQUEST', 'chart source not allowed', 'any');
      expect(env.details).toMatchObject({ component: 'my-app', requested: 'evil.example.org' });
    } finally {
      await restricted.close();
    }
  });
});

describe('bundle headers', () => {
  it.each([
    [0.04, '0.04ms'],
    [45.2, '45.2ms'],
    [999.4, '999.4ms'],
    [999.9999, '1s'],
    [1234, '1.234s'],
    [61000.5, '61.001s'],
  ])('duration %d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('warnings are URL-encoded and ;-joined, absent when none', () => {
    const artifact = { zip: Buffer.from('zip'), files: 3, size: 10, sha256: 'ab', warnings: ['a;b é', 'c'] };
    expect(bundleHeaders(artifact, 5)['X-Bundle-Warnings']).toBe('a%3Bb%20%C3%A9;c');
    expect(bundleHeaders({ ...artifact, warnings: [] }, 5)).not.toHaveProperty('X-Bundle-Warnings');
  });
});
